using Dsch.Config;
using Dsch.Data;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Data;

/// <summary><c>fashion-outfits</c> through <see cref="DatasetCatalog"/> on Fashion-MNIST-shaped fixture files: split file written once, stale or edited files refused.</summary>
public class FashionOutfitsCatalogTests
{
    static (TempDirectory Data, TempDirectory Splits) Fixture()
    {
        var data = new TempDirectory();
        DataFixtures.WriteFashionMnist(data.Path, 600, 100);
        return (data, new TempDirectory());
    }

    static HashingDataset Open(TempDirectory data, TempDirectory splits, int seed = 0) =>
        DatasetCatalog.Open("fashion-outfits", data.Path, seed, splits.Path, null);

    static string SplitPath(TempDirectory splits, int seed = 0) => splits.File($"fashion-outfits_outfits_seed{seed}.json");

    [Fact]
    public void Open_WritesTheSplitOnce_AndRegeneratingGivesIdenticalBytes()
    {
        var (data, splits) = Fixture();
        using (data) using (splits)
        {
            var opened = Open(data, splits);
            var bytes = File.ReadAllBytes(SplitPath(splits));
            Assert.Equal(25_000, opened.Count);
            Assert.Equal((2_000, 23_000, 5_000), (opened.Split.Query.Length, opened.Split.Database.Length, opened.Split.Train.Length));
            Assert.False(opened.Labels.IsSingleLabel);
            Open(data, splits);
            Assert.Equal(bytes, File.ReadAllBytes(SplitPath(splits)));
            File.Delete(SplitPath(splits));
            Open(data, splits);
            Assert.Equal(bytes, File.ReadAllBytes(SplitPath(splits)));
            Assert.Contains("\"generator\": {\"name\": \"fashion-outfits\", \"version\": 1, \"seed\": 0", File.ReadAllText(SplitPath(splits)));
        }
    }

    [Fact]
    public void Mosaics_Are56PixelsGrey_WithTheItemsInTheirCells_AndEmptyCellsBlack()
    {
        var (data, splits) = Fixture();
        using (data) using (splits)
        {
            var opened = Open(data, splits);
            using var image = opened.LoadImage(23_000);
            Assert.Equal((56, 56), (image.Width, image.Height));
            var description = opened.Describe(23_000);
            Assert.StartsWith("fashion-outfits mosaic 23000 (", description);
            Assert.Contains("t10k-images-idx3-ubyte.gz record", description); // a query: test items only
            Assert.DoesNotContain("train-images", description);
            int empty = description.Split("; ").Count(part => part.TrimEnd(')') == "empty");
            Assert.Equal(4 - opened.Labels.Row(23_000).ToArray().Sum(b => b), empty);
        }
    }

    [Theory]
    [InlineData("\"version\": 1", "\"version\": 2", "\"generator\".version")]
    [InlineData("\"seed\": 0, \"source_hash\"", "\"seed\": 7, \"source_hash\"", "\"generator\".seed")]
    [InlineData("\"composition_hash\": \"", "\"composition_hash\": \"0", "\"generator\".composition_hash")]
    public void AStaleGeneratorStamp_IsRefused_NamingTheField(string find, string replace, string field)
    {
        var (data, splits) = Fixture();
        using (data) using (splits)
        {
            Open(data, splits);
            var text = File.ReadAllText(SplitPath(splits));
            Assert.Contains(find, text);
            File.WriteAllText(SplitPath(splits), text.Replace(find, replace));
            var error = Assert.Throws<InvalidInputException>(() => Open(data, splits));
            Assert.Contains(field, error.Message);
            Assert.Contains("delete it to regenerate", error.Message);
        }
    }

    [Fact]
    public void AnEditedTrainingList_IsRefused_EvenWhenItIsStillAValidSplit()
    {
        var (data, splits) = Fixture();
        using (data) using (splits)
        {
            var opened = Open(data, splits);
            int outside = opened.Split.Database.First(i => !opened.Split.Train.Contains(i));
            var train = opened.Split.Train.ToArray();
            train[0] = outside;
            var text = File.ReadAllText(SplitPath(splits));
            var line = $"  \"train\": [{string.Join(",", opened.Split.Train)}]";
            Assert.Contains(line, text);
            File.WriteAllText(SplitPath(splits), text.Replace(line, $"  \"train\": [{string.Join(",", train.Order())}]"));
            var error = Assert.Throws<InvalidInputException>(() => Open(data, splits));
            Assert.Contains("\"train\"", error.Message);
            Assert.Contains("edited", error.Message);
        }
    }

    [Fact]
    public void ASplitFileWithoutAGeneratorStamp_IsRefused()
    {
        var (data, splits) = Fixture();
        using (data) using (splits)
        {
            Open(data, splits);
            var lines = File.ReadAllLines(SplitPath(splits)).Where(l => !l.Contains("\"generator\"")).ToArray();
            File.WriteAllLines(SplitPath(splits), lines);
            var error = Assert.Throws<InvalidInputException>(() => Open(data, splits));
            Assert.Contains("\"generator\"", error.Message);
        }
    }

    [Fact]
    public void AnotherSeed_GivesOtherMosaics_InItsOwnSplitFile()
    {
        var (data, splits) = Fixture();
        using (data) using (splits)
        {
            var a = Open(data, splits, 0);
            var b = Open(data, splits, 1);
            Assert.NotEqual(a.Split.Generator!.CompositionHash, b.Split.Generator!.CompositionHash);
            Assert.True(File.Exists(SplitPath(splits, 1)));
        }
    }

    [Fact]
    public void AFolderWithoutFashionMnist_SaysHowToInstallIt()
    {
        using var empty = new TempDirectory();
        using var splits = new TempDirectory();
        var error = Assert.Throws<InvalidInputException>(() => Open(empty, splits));
        Assert.Contains("train-images-idx3-ubyte.gz", error.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", error.Message);
        Assert.Empty(Directory.GetFiles(splits.Path));
    }

    [Fact]
    public void ThePrimaryMetric_IsMap5000_ForOutfits()
    {
        var (data, splits) = Fixture();
        using (data) using (splits)
            Assert.Equal("mAP@5000", Presets.Quick("fashion-outfits").FittedTo(Open(data, splits)).PrimaryMetric);
    }
}
