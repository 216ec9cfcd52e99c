using Dsch.Data;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Data;

public class DatasetCatalogTests
{
    static readonly SplitProtocol Tiny = new("tiny", true, 2, 3);

    [Fact]
    public void Open_CreatesTheSplitOnce_ThenLoadsTheSameFile()
    {
        using var data = new TempDirectory();
        using var splits = new TempDirectory();
        DataFixtures.WriteCifarBinary(data.Path, perBatch: 10); // 60 images, 6 per class
        var first = DatasetCatalog.Open("cifar10", data.Path, 0, splits.Path, Tiny);
        string file = splits.File("cifar10_tiny_seed0.json");
        Assert.True(File.Exists(file));
        var written = File.GetLastWriteTimeUtc(file);
        var second = DatasetCatalog.Open("cifar10", data.Path, 0, splits.Path, Tiny);
        Assert.Equal(written, File.GetLastWriteTimeUtc(file));
        Assert.Equal(first.Split.Query, second.Split.Query);
        Assert.Equal(60, first.Count);
        Assert.Equal(20, first.Split.Query.Length);
        Assert.Equal(40, first.Split.Database.Length);
        Assert.Equal(30, first.Split.Train.Length);
        Assert.Equal("airplane", first.ClassNames[0]);
        Assert.Equal("data_batch_2.bin record 3", first.Describe(13));
    }

    [Fact]
    public void Open_RefusesASplitMadeForOtherData_AndWritesNothing()
    {
        using var data = new TempDirectory();
        using var splits = new TempDirectory();
        DataFixtures.WriteCifarBinary(data.Path, 10);
        DatasetCatalog.Open("cifar10", data.Path, 0, splits.Path, Tiny);
        var bytes = File.ReadAllBytes(data.File("test_batch.bin"));
        bytes[0] = (byte)((bytes[0] + 1) % 10); // relabel one image
        File.WriteAllBytes(data.File("test_batch.bin"), bytes);
        var before = File.ReadAllText(splits.File("cifar10_tiny_seed0.json"));
        var error = Assert.Throws<InvalidInputException>(() => DatasetCatalog.Open("cifar10", data.Path, 0, splits.Path, Tiny));
        Assert.Contains("cifar10_tiny_seed0.json", error.Message);
        Assert.Equal(before, File.ReadAllText(splits.File("cifar10_tiny_seed0.json")));
    }

    [Fact]
    public void Open_BadData_WritesNoSplit()
    {
        using var data = new TempDirectory();
        using var splits = new TempDirectory();
        DataFixtures.WriteCifarBinary(data.Path, 10);
        File.WriteAllBytes(data.File("data_batch_1.bin"), new byte[3073 * 2 + 1]);
        Assert.Throws<InvalidInputException>(() => DatasetCatalog.Open("cifar10", data.Path, 0, splits.Path, Tiny));
        Assert.Empty(Directory.GetFileSystemEntries(splits.Path));
    }

    [Fact]
    public void Open_ImageList_UsesTheListedSplit()
    {
        using var data = new TempDirectory();
        using var splits = new TempDirectory();
        DataFixtures.WriteImageList(data.Path);
        var dataset = DatasetCatalog.Open("imagelist", data.Path, 0, splits.Path, null);
        Assert.Equal("lists", dataset.Split.Protocol);
        Assert.Equal(new[] { 6, 7 }, dataset.Split.Query);
        Assert.Empty(Directory.GetFileSystemEntries(splits.Path));
    }

    [Fact]
    public void Open_NusWideList_DrawsThePerConceptProtocol()
    {
        using var data = new TempDirectory();
        using var splits = new TempDirectory();
        var lines = new List<string>();
        for (int i = 0; i < 90; i++)
        {
            DataFixtures.WritePng(data.File($"img/{i}.png"), i, 4, 4);
            var labels = Enumerable.Range(0, 21).Select(c => c == i % 21 || c == (i * 7) % 21 ? "1" : "0");
            lines.Add($"img/{i}.png {string.Join(' ', labels)}");
        }
        File.WriteAllLines(data.File("database.txt"), lines);
        var dataset = DatasetCatalog.Open("nuswide", data.Path, 0, splits.Path, new SplitProtocol("nuswide21-tiny", true, 1, 1));
        Assert.Equal(21, dataset.Split.Query.Length);
        Assert.Equal(21, dataset.Split.Train.Length);
        Assert.Equal(69, dataset.Split.Database.Length);
        Assert.True(File.Exists(splits.File("nuswide_nuswide21-tiny_seed0.json")));
    }

    [Fact]
    public void Open_UnknownDatasetOrMissingRoot_IsBadInput()
    {
        Assert.Contains("unknown dataset", Assert.Throws<InvalidInputException>(() => DatasetCatalog.Open("mnist")).Message);
        Assert.Contains("--root", Assert.Throws<InvalidInputException>(() => DatasetCatalog.Open("cifar10", "/nonexistent/cifar")).Message);
    }
}
