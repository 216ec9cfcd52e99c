using System.Text.Json;
using Dsch.Data;
using Dsch.Tests.Data;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Hostile;

/// <summary>
/// Split files: <c>data/splits/</c> holds only the pinned splits of the embedded datasets, a split drawn for a user's
/// data is recorded under <c>.cache/splits/</c> (issue 27, item 3), and a stored split that is not what its protocol
/// draws from the seed is refused (item 7).
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class SplitProbes
{
    /// <summary>The pinned splits and the pooled image count of the real data each was made from.</summary>
    static readonly Dictionary<string, int> Pinned = new()
    {
        ["fashion-mnist_single-label_seed0.json"] = 70_000,
        ["fashion-outfits_outfits_seed0.json"] = 25_000,
    };

    [Fact]
    public void DataSplits_HoldsOnlyThePinnedSplitsOfTheEmbeddedDatasets_MadeFromTheFullData()
    {
        var folder = Path.Combine(CliProcess.RepositoryRoot, "data", "splits");
        var files = Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Pinned.Keys.Order(StringComparer.Ordinal), files);
        foreach (var (file, count) in Pinned)
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, file)));
            Assert.Equal(count, json.RootElement.GetProperty("count").GetInt32());
        }
    }

    [Fact]
    public void SplitDrawnForAUsersData_IsRecordedUnderCache_NeverInDataSplits()
    {
        using var repository = new TempDirectory();                    // a checkout of its own, so nothing of the real one is touched
        File.WriteAllText(repository.File("Dsch.sln"), "");
        Directory.CreateDirectory(repository.File("data/splits"));
        using var data = new TempDirectory();
        DataFixtures.WriteCifarBinary(data.Path, perBatch: 1000);       // 6,000 images: 600 a class, enough for 100 + 500
        var result = CliProcess.Run(HostileInput.Prompt, new Dictionary<string, string> { ["DSCH_ROOT"] = repository.Path },
            "data", "info", "--dataset", "cifar10", "--root", data.Path);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(repository.File("data/splits")));
        var recorded = Assert.Single(Directory.GetFiles(repository.File(".cache/splits")));
        Assert.StartsWith("cifar10_single-label_seed0_labels-", Path.GetFileName(recorded));
    }

    [Fact]
    public void HandEditedFashionMnistSplit_IsRefused_NamingTheFileAndTheList()
    {
        using var data = new TempDirectory();
        using var splits = new TempDirectory();
        DataFixtures.WriteFashionMnist(data.Path, train: 6000, test: 1000);
        var first = HostileInput.Run("data", "info", "--dataset", "fashion-mnist", "--root", data.Path, "--splits", splits.Path);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var file = splits.File("fashion-mnist_single-label_seed0.json");

        // 990 of the 1,000 queries moved into the database: still disjoint, same labels, same counts.
        using (var json = JsonDocument.Parse(File.ReadAllBytes(file)))
        {
            var query = json.RootElement.GetProperty("query").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var database = json.RootElement.GetProperty("database").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var lines = File.ReadAllLines(file);
            lines = [.. lines.Select(line =>
                line.StartsWith("  \"query\":", StringComparison.Ordinal) ? $"  \"query\": [{string.Join(",", query[990..])}],"
                : line.StartsWith("  \"database\":", StringComparison.Ordinal) ? $"  \"database\": [{string.Join(",", database.Concat(query[..990]).Order())}],"
                : line)];
            File.WriteAllLines(file, lines);
        }
        var before = File.ReadAllBytes(file);
        var result = HostileInput.Run("data", "info", "--dataset", "fashion-mnist", "--root", data.Path, "--splits", splits.Path);
        HostileInput.AssertRefused(result, "fashion-mnist_single-label_seed0.json", "\"query\"");
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public void RealSizeCifar10_SplitsIntoThePaperProtocol_WithTheRepositorysSplitFiles()
    {
        using var data = new TempDirectory();
        DataFixtures.WriteCifarBinary(data.Path, perBatch: 10_000);     // 60,000 records, as the real binary set
        var dataset = DatasetCatalog.Open("cifar10", data.Path, 0);
        Assert.Equal(60_000, dataset.Count);
        Assert.Equal(1_000, dataset.Split.Query.Length);
        Assert.Equal(59_000, dataset.Split.Database.Length);
        Assert.Equal(5_000, dataset.Split.Train.Length);
        Assert.DoesNotContain(Path.Combine("data", "splits"), dataset.SplitFile ?? "");
    }
}
