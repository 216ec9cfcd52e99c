using Dsch.Inference;
using Dsch.Retrieval;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Hostile;

/// <summary>
/// <c>search --query-codes</c> compares the run fingerprints of the two manifests, as <c>--query-image</c> and
/// <c>codes merge</c> do (issue 27, item 8): codes of two runs measure unrelated bits.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class QueryCodesProbes
{
    /// <summary>Four 16-bit codes written like <c>dsch encode</c> does, with a manifest naming <paramref name="runFingerprint"/>.</summary>
    static string WriteCodes(TempDirectory folder, string name, string runFingerprint, ImageSource? source = null)
    {
        var bits = new byte[4 * 16];
        for (int i = 0; i < bits.Length; i++) bits[i] = (byte)((i * 7 + name.Length) % 3 == 0 ? 1 : 0);
        var codes = HashCodes.FromBits(bits, 4, 16);
        var ids = Enumerable.Range(0, 4).Select(i => source is { Kind: "dataset" } ? $"{i}" : $"{name}-{i}").ToArray();
        var manifest = new CodeManifest(1, "/runs/" + runFingerprint, runFingerprint, 16, false, 4,
            source ?? new ImageSource("files", "images", null, null, null, null), "selection", new ShardRows(1, 1, 0, 4, 4));
        var path = folder.File(name + ".npy");
        new CodeSet(codes, ids, manifest).Write(path);
        return path;
    }

    [Fact]
    public void QueryCodesOfAnotherRun_AreRefused_NamingBothFiles()
    {
        using var folder = new TempDirectory();
        var database = WriteCodes(folder, "database", "run-a");
        var queries = WriteCodes(folder, "queries", "run-b");
        var result = HostileInput.Run("search", "--codes", database, "--query-codes", queries, "--top", "2");
        HostileInput.AssertRefused(result, "--query-codes", "queries.npy", "database.npy", "another run");
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void QueryCodesOfTheSameRun_AreSearched()
    {
        using var folder = new TempDirectory();
        var database = WriteCodes(folder, "database", "run-a");
        var queries = WriteCodes(folder, "queries", "run-a");
        var result = HostileInput.Run("search", "--codes", database, "--query-codes", queries, "--top", "2");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("\"database_rows\":4", result.Stdout);
    }

    [Fact]
    public void ManifestWithAMissingRelativeRoot_IsReportedAgainstTheManifest_NotAsRoot()
    {
        using var folder = new TempDirectory();
        var source = new ImageSource("dataset", null, "imagelist", "some/relative/data", 0, "database");
        var database = WriteCodes(folder, "database", "run-a", source);
        var queries = WriteCodes(folder, "queries", "run-a");
        var result = HostileInput.Run("search", "--codes", database, "--query-codes", queries, "--top", "2", "--montage", folder.File("montage.png"));
        HostileInput.AssertRefused(result, "database.manifest.json", "source.root", "some/relative/data");
        Assert.DoesNotContain("--root", result.Stderr);
        Assert.False(File.Exists(folder.File("montage.png")));
    }
}
