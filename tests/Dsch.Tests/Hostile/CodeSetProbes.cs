using System.Diagnostics;
using System.Text.Json;
using Dsch.Data;
using Dsch.Inference;
using Dsch.Tests.Inference;
using Dsch.Tests.TestSupport;
using SixLabors.ImageSharp;

namespace Dsch.Tests.Hostile;

/// <summary>
/// Code sets written by <c>dsch encode</c> (issue 27, items 2, 5 and 14): sidecars of two code files never collide,
/// two encodes into one new name cannot both succeed, and a search montage is as wide as its hits.
/// </summary>
[Collection(TrainedRunsCollection.Name)]
[Trait(TestCategory.Key, TestCategory.Slow)]
public class CodeSetProbes(TrainedRunsFixture runs)
{
    static void CopyCodeSet(string from, string to)
    {
        File.Copy(from, to);
        File.Copy(CodeSet.IdsPath(from), CodeSet.IdsPath(to));
        File.Copy(CodeSet.ManifestPath(from), CodeSet.ManifestPath(to));
    }

    [Fact]
    public void I2_EncodeIntoANameThatDiffersOnlyInCase_IsRefused_AndLeavesTheOtherCodeSetAlone()
    {
        using var folder = new TempDirectory();
        CopyCodeSet(runs.Database16, folder.File("B.npy"));
        var before = HostileInput.Snapshot(folder.Path);
        var result = CliProcess.Run("encode", "--run", runs.Run16, "--images", runs.QueryImages[0], "--out", folder.File("B.NPY"));
        HostileInput.AssertRefused(result, "--out", "lower case");
        Assert.Equal(before, HostileInput.Snapshot(folder.Path));
    }

    [Fact]
    public void I2_SearchOfACodeFileNamedInUpperCase_DoesNotBorrowTheIdsOfItsLowerCaseNamesake()
    {
        using var folder = new TempDirectory();
        CopyCodeSet(runs.Database16, folder.File("B.npy"));
        File.WriteAllLines(CodeSet.IdsPath(folder.File("B.npy")), File.ReadAllLines(CodeSet.IdsPath(runs.Database16)).Select(id => "other-" + id));
        File.Copy(runs.Database16, folder.File("B.NPY"));                        // codes from elsewhere, no sidecars
        NpyFile.Write(folder.File("q.npy"), ((sbyte[])NpyFile.Read(runs.Database16).Data)[..16], 1, 16);
        var result = CliProcess.Run("search", "--codes", folder.File("B.NPY"), "--query-codes", folder.File("q.npy"), "--top", "3");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        foreach (var hit in json.RootElement.GetProperty("queries")[0].GetProperty("hits").EnumerateArray())
            Assert.Equal(JsonValueKind.Null, hit.GetProperty("id").ValueKind);
    }

    [Fact]
    public async Task I5_TwoEncodesIntoOneNewOut_CannotBothSucceed()
    {
        using var folder = new TempDirectory();
        var output = folder.File("codes.npy");
        var both = new[] { 0, 1 }.Select(_ => Task.Run(() => CliProcess.Run("encode", "--run", runs.Run16, "--dataset", "imagelist",
            "--root", runs.Data, "--set", "database", "--out", output))).ToArray();
        var results = (await Task.WhenAll(both)).OrderBy(r => r.ExitCode).ToArray();
        Assert.True(results[0].ExitCode == 0, results[0].Stderr);
        HostileInput.AssertRefused(results[1], "--out", "already exists");
        var written = CodeSet.Read(output);                                       // one writer's codes, ids and manifest
        Assert.Equal(written.Codes.Count, written.Ids!.Count);
        Assert.Equal(3, Directory.GetFileSystemEntries(folder.Path).Length);     // no temporary, no stray sidecar
    }

    [Fact]
    public void I14_AMontageWithTopBeyondTheDatabase_IsAsWideAsItsHits()
    {
        using var folder = new TempDirectory();
        int rows = NpyFile.Read(runs.Database16).Shape[0];
        var result = CliProcess.Run("search", "--codes", runs.Database16, "--query-image", runs.QueryImages[0], "--run", runs.Run16,
            "--top", "5000", "--montage", folder.File("m.png"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        var info = Image.Identify(folder.File("m.png"));
        Assert.Equal((4 + (1 + rows) * 74 + 4, 4 + 79), (info.Width, info.Height));   // the query and every database row, once
    }
}
