using System.Text.Json;
using Dsch.Backbones;
using Dsch.Data;
using Dsch.Features;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Data;

/// <summary><c>dsch data info|montage --dataset fashion-outfits</c> as a process, and the generator stamp in the feature cache key.</summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class FashionOutfitsCliTests
{
    [Fact]
    public void Info_Json_ReportsMultiLabel_Cardinality_CooccurrenceAndTheGenerator()
    {
        var result = CliProcess.Run("data", "info", "--dataset", "fashion-outfits", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var root = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal((25_000, 2_000, 5_000, 23_000), (root.GetProperty("images").GetInt32(), root.GetProperty("query").GetInt32(),
            root.GetProperty("train").GetInt32(), root.GetProperty("database").GetInt32()));
        Assert.True(root.GetProperty("multi_label").GetBoolean());
        Assert.InRange(root.GetProperty("label_cardinality").GetDouble(), 2.0, 4.0);
        var byCount = root.GetProperty("images_by_label_count").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(0, byCount[0] + byCount[1]);                      // 2–4 items per mosaic
        Assert.Equal(25_000, byCount.Sum());
        var cooccurrence = root.GetProperty("cooccurrence").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetInt32()).ToArray()).ToArray();
        Assert.Equal(10, cooccurrence.Length);
        for (int a = 0; a < 10; a++)
        {
            Assert.Equal(root.GetProperty("per_class")[a].GetProperty("all").GetInt32(), cooccurrence[a][a]);
            for (int b = 0; b < 10; b++) Assert.Equal(cooccurrence[a][b], cooccurrence[b][a]);
        }
        var generator = root.GetProperty("split").GetProperty("generator");
        Assert.Equal("fashion-outfits", generator.GetProperty("name").GetString());
        Assert.Equal(1, generator.GetProperty("version").GetInt32());
        Assert.Equal(4, root.GetProperty("outfits").GetProperty("item_groups").GetArrayLength());
        Assert.True(root.GetProperty("outfits").GetProperty("templates").GetArrayLength() >= 5);
    }

    [Fact]
    public void Montage_WritesMosaicsWithTheirLabels()
    {
        using var output = new TempDirectory();
        var result = CliProcess.Run("data", "montage", "--dataset", "fashion-outfits", "--split", "query", "--n", "4", "--tile", "56", "--out", output.File("m.png"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        var legend = File.ReadAllText(output.File("m.json"));
        Assert.Contains("fashion-outfits mosaic 23000", legend);
        Assert.Contains("Ankle boot", legend);
    }

    [Fact]
    public void Info_OnAFolderWithoutFashionMnist_ExitsWith2_SayingHowToInstallIt()
    {
        using var empty = new TempDirectory();
        using var splits = new TempDirectory();
        var result = CliProcess.Run("data", "info", "--dataset", "fashion-outfits", "--root", empty.Path, "--splits", splits.Path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("apt-get install dataset-fashion-mnist", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Empty(Directory.GetFileSystemEntries(splits.Path));
    }

    [Fact]
    public void TheFeatureCacheKey_CarriesTheGeneratorStamp_SoAnotherSeedOrVersionIsAnotherCache()
    {
        using var data = new TempDirectory();
        using var splits = new TempDirectory();
        DataFixtures.WriteFashionMnist(data.Path, 600, 100);
        using var backbone = new Vgg(16, widthDivisor: 16);
        var options = new FeatureCacheOptions(Backbone: "resnet18", InputSize: 32, Views: 1, BatchSize: 8);
        var opened = DatasetCatalog.Open("fashion-outfits", data.Path, 0, splits.Path, null);
        var a = FeatureCacheExtraction.KeyFor(opened, backbone, options);
        var b = FeatureCacheExtraction.KeyFor(DatasetCatalog.Open("fashion-outfits", data.Path, 1, splits.Path, null), backbone, options);
        Assert.StartsWith("fashion-outfits v1 seed 0 ", a.Generator);
        Assert.Contains(b.Differences(a), d => d.StartsWith("Generator:"));
        Assert.Equal(opened.Split.Generator!.Id, a.Generator);
        Assert.Contains(opened.Split.Generator.CompositionHash, a.Generator);
    }
}
