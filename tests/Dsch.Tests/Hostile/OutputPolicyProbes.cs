using System.Diagnostics;
using System.Text.Json;
using Dsch.Data;
using Dsch.Tests.Data;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Hostile;

/// <summary>
/// The output-file policy through the CLI (issue 27, items 4, 6, 14, 15, 17, 19): no verb replaces an existing file,
/// a refused command creates no folder, a killed <c>components</c> leaves no mixed fit behind a marker, search output is
/// streamed and its montage sized by its hits, and <c>data info</c> stays small for many labels.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class OutputPolicyProbes
{
    [Fact]
    public void I4_BaselineOutThatIsItsOwnTrainInput_IsRefused_AndTheInputIsUnchanged()
    {
        using var folder = new TempDirectory();
        HostileInput.WriteFloats(folder.File("train.npy"), 20, 6);
        var before = HostileInput.Snapshot(folder.Path);
        var result = HostileInput.Run("baseline", "--method", "lsh", "--bits", "4", "--train", folder.File("train.npy"),
            "--encode", folder.File("train.npy"), "--out", folder.File("train.npy"));
        HostileInput.AssertRefused(result, "--out", "already exists");
        Assert.Equal(before, HostileInput.Snapshot(folder.Path));
    }

    [Theory]
    [InlineData("baseline")]
    [InlineData("export")]
    [InlineData("encode")]
    public void I17_ARefusedCommand_CreatesNoOutputFolder(string verb)
    {
        using var folder = new TempDirectory();
        var output = folder.File("new/deeper/out.npy");
        string[] arguments = verb switch
        {
            "baseline" => ["baseline", "--method", "lsh", "--bits", "4", "--train", folder.File("missing.npy"), "--encode", folder.File("missing.npy"), "--out", output],
            "export" => ["export", "--codes", folder.File("missing.npy"), "--format", "faiss", "--out", output],
            _ => ["encode", "--run", folder.File("no-run"), "--images", folder.Path, "--out", output],
        };
        var result = HostileInput.Run(arguments);
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.False(Directory.Exists(folder.File("new")), "the refused command made the --out folders");
    }

    [Fact]
    public void I19_TheNextWriterOfAFolder_RemovesADeadWritersTemporary()
    {
        using var folder = new TempDirectory();
        HostileInput.WriteFloats(folder.File("train.npy"), 20, 6);
        using var dead = Process.Start("true")!;
        dead.WaitForExit();
        var leftover = folder.File($"codes.npy.tmp-{dead.Id}-{Guid.NewGuid():N}");
        File.WriteAllText(leftover, "half-written by a killed writer");
        var result = HostileInput.Run("baseline", "--method", "lsh", "--bits", "4", "--train", folder.File("train.npy"),
            "--encode", folder.File("train.npy"), "--out", folder.File("codes.npy"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.False(File.Exists(leftover));
        Assert.Equal(["codes.npy", "train.npy"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void I15_DataInfo_OfTwoHundredLabels_SummarisesTheCooccurrence()
    {
        using var data = new TempDirectory();
        const int C = 200;
        string Labels(int i) => string.Join(' ', Enumerable.Range(0, C).Select(c => (c % 8 == i || c % 5 == i % 5) ? "1" : "0"));
        for (int i = 0; i < 8; i++) DataFixtures.WritePng(data.File($"img/{i}.png"), i);
        File.WriteAllLines(data.File("database.txt"), Enumerable.Range(0, 6).Select(i => $"img/{i}.png {Labels(i)}"));
        File.WriteAllLines(data.File("test.txt"), Enumerable.Range(6, 2).Select(i => $"img/{i}.png {Labels(i)}"));
        File.WriteAllLines(data.File("train.txt"), new[] { 1, 3, 5 }.Select(i => $"img/{i}.png {Labels(i)}"));
        var table = CliProcess.Run(HostileInput.Prompt, "data", "info", "--dataset", "imagelist", "--root", data.Path);
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Contains($"{C} labels, more than", table.Stdout);
        Assert.True(table.Stdout.Length < 40_000, $"{table.Stdout.Length:N0} characters");  // the table would be C² cells
        var json = CliProcess.Run(HostileInput.Prompt, "data", "info", "--dataset", "imagelist", "--root", data.Path, "--json");
        Assert.True(json.ExitCode == 0, json.Stderr);
        Assert.True(json.Stdout.Length < 100_000, $"{json.Stdout.Length:N0} characters");
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("cooccurrence").ValueKind);
        Assert.Equal(20, document.RootElement.GetProperty("cooccurrence_top_pairs").GetArrayLength());
    }

    [Fact]
    public void I15_DataInfo_OfTenThousandLabels_CountsPairsInBoundedMemory()
    {
        // 12 images carrying every one of 10,000 labels: a C × C table would be 400 MB and 10⁸ pair updates per image;
        // the pair counts cover the 256 most frequent labels, so the heap limit set here is never approached.
        using var data = new TempDirectory();
        const int C = 10_000;
        string all = string.Join(' ', Enumerable.Repeat("1", C));
        for (int i = 0; i < 12; i++) DataFixtures.WritePng(data.File($"img/{i}.png"), i);
        File.WriteAllLines(data.File("database.txt"), Enumerable.Range(0, 8).Select(i => $"img/{i}.png {all}"));
        File.WriteAllLines(data.File("test.txt"), Enumerable.Range(8, 4).Select(i => $"img/{i}.png {all}"));
        File.WriteAllLines(data.File("train.txt"), new[] { 1, 3, 5 }.Select(i => $"img/{i}.png {all}"));
        var limit = new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x8000000" };   // 128 MiB
        var result = CliProcess.Run(TimeSpan.FromMinutes(2), limit, "data", "info", "--dataset", "imagelist", "--root", data.Path, "--json");
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr[..Math.Min(2000, result.Stderr.Length)]}");
        using var document = JsonDocument.Parse(result.Stdout);
        var pairs = document.RootElement.GetProperty("cooccurrence_top_pairs");
        Assert.Equal(20, pairs.GetArrayLength());
        Assert.All(pairs.EnumerateArray(), p => Assert.Equal(12, p.GetProperty("images").GetInt32()));
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("cooccurrence_top_pairs_caveat").ValueKind); // exact: no rarer label
    }

    [Fact]
    public void I14_SearchJson_OfManyQueriesTimesALargeTop_IsStreamedInBoundedMemory()
    {
        // 600 queries × top 2,000 = 1.2 million hits (≈ 55 MB of JSON): built as one string it needs several times the
        // heap limit set here; streamed, a block of queries at a time fits easily.
        using var folder = new TempDirectory();
        var random = new Random(5);
        sbyte[] Codes(int rows) => [.. Enumerable.Range(0, rows * 32).Select(_ => random.Next(2) == 0 ? (sbyte)-1 : (sbyte)1)];
        NpyFile.Write(folder.File("db.npy"), Codes(2000), 2000, 32);
        NpyFile.Write(folder.File("q.npy"), Codes(600), 600, 32);
        var limit = new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x6000000" };   // 96 MiB
        var result = CliProcess.Run(TimeSpan.FromMinutes(3), limit, "search", "--codes", folder.File("db.npy"), "--query-codes", folder.File("q.npy"), "--top", "2000");
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr[..Math.Min(2000, result.Stderr.Length)]}");
        using var json = JsonDocument.Parse(result.Stdout);
        var queries = json.RootElement.GetProperty("queries");
        Assert.Equal(600, queries.GetArrayLength());
        Assert.Equal("row 599", queries[599].GetProperty("query").GetString());
        Assert.Equal(2000, queries[599].GetProperty("hits").GetArrayLength());
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("P1 replaced")]
    public void I6_ComponentsKilledWhileSaving_LeavesNoMixedFitBehindItsMarker(string killPoint)
    {
        using var folder = new TempDirectory();
        var output = folder.File("fit");
        HostileInput.WriteFloats(folder.File("small.npy"), 12, 4, seed: 1);
        HostileInput.WriteFloats(folder.File("large.npy"), 3000, 8, seed: 2);
        Assert.Equal(0, HostileInput.Run("components", "--codes", folder.File("small.npy"), "--m1", "2", "--m2", "1", "--out", output).ExitCode);
        long oldP1 = new FileInfo(Path.Combine(output, "P1.npy")).Length;
        bool Reached() => killPoint == "staging"
            ? Directory.EnumerateDirectories(output, ".unit.tmp-*").Any()
            : File.Exists(Path.Combine(output, "P1.npy")) && new FileInfo(Path.Combine(output, "P1.npy")).Length != oldP1;
        KillWhen(Reached, "components", "--codes", folder.File("large.npy"), "--m1", "60", "--m2", "6", "--covariance", "diag",
            "--max-iter", "5", "--out", output);
        AssertNoMixedFit(output);

        // The next writer of the folder removes the killed one's staging folder and leaves one whole fit.
        Assert.Equal(0, HostileInput.Run("components", "--codes", folder.File("small.npy"), "--m1", "2", "--m2", "1", "--out", output).ExitCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output, "*.tmp-*"));
        AssertNoMixedFit(output);
        Assert.True(File.Exists(Path.Combine(output, "summary.json")));
    }

    /// <summary>With its marker summary.json, every file of the folder belongs to the fit the summary describes.</summary>
    static void AssertNoMixedFit(string output)
    {
        var summaryPath = Path.Combine(output, "summary.json");
        if (!File.Exists(summaryPath)) return;                                   // no marker: no complete fit claimed
        using var summary = JsonDocument.Parse(File.ReadAllText(summaryPath));
        int n = summary.RootElement.GetProperty("n").GetInt32(), fine = summary.RootElement.GetProperty("fine").GetInt32();
        int coarse = summary.RootElement.GetProperty("coarse").GetInt32();
        Assert.Equal(new[] { n, fine }, NpyFile.Read(Path.Combine(output, "P1.npy")).Shape);
        Assert.Equal(new[] { n, coarse }, NpyFile.Read(Path.Combine(output, "P2.npy")).Shape);
        Assert.Equal(fine, NpyFile.Read(Path.Combine(output, "weights.npy")).Shape[0]);
        Assert.Equal(fine, NpyFile.Read(Path.Combine(output, "means.npy")).Shape[0]);
        Assert.Equal(new[] { fine, coarse }, NpyFile.Read(Path.Combine(output, "coarse_map.npy")).Shape);
    }

    /// <summary>Starts the CLI and kills it (SIGKILL) as soon as <paramref name="reached"/> holds; it may also finish first.</summary>
    static void KillWhen(Func<bool> reached, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = CliProcess.RepositoryRoot };
        start.ArgumentList.Add(CliProcess.CliPath);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow + HostileInput.Prompt;
        while (!process.HasExited && !reached() && DateTime.UtcNow < deadline) Thread.SpinWait(1000);
        if (!process.HasExited) process.Kill();
        process.WaitForExit();
    }
}
