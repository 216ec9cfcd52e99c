using Dsch.Experiments;
using Dsch.IO;
using Dsch.Tests.Experiments;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Hostile;

/// <summary>
/// <c>dsch reproduce</c> killed with SIGKILL in the middle of a training run, then run again into the same folder: the
/// rerun replaces the dead process's lock, starts the unfinished run afresh and ends with exactly the results and codes
/// of an uninterrupted reproduction. Kept small: one code length, DSCH and LSH, the 90-image coloured-squares set.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class ReproduceKillTests
{
    static string[] Arguments(string data, string output) =>
        ["reproduce", "--dataset", "imagelist", "--root", data, "--bits", "8", "--methods", "dsch,lsh", "--out", output];

    [Fact]
    public void ReproduceKilledMidTraining_RerunIntoTheSameFolder_GivesTheUninterruptedResults()
    {
        using var data = new TempDirectory();
        using var runs = new TempDirectory();
        ExperimentFixtures.WriteColouredSquares(data.Path);
        var uninterrupted = runs.File("uninterrupted");
        var killed = runs.File("killed");

        var reference = CliProcess.Run(Arguments(data.Path, uninterrupted));
        Assert.True(reference.ExitCode == 0, reference.Stderr + reference.Stdout);

        KilledCli.KillWhen(Arguments(data.Path, killed), _ =>
        {
            var pointer = Path.Combine(killed, "runs", "dsch-8b-s0", "checkpoint.json");
            return File.Exists(pointer) && File.ReadAllText(pointer).Contains("\"completedEpochs\": 2");
        }, TimeSpan.FromMinutes(5));
        Assert.False(File.Exists(Path.Combine(killed, "results.csv")));
        Assert.True(File.Exists(Path.Combine(killed, OutputLock.FileName)), "the killed process leaves its lock behind");

        var rerun = CliProcess.Run(Arguments(data.Path, killed));
        Assert.True(rerun.ExitCode == 0, rerun.Stderr + rerun.Stdout);
        Assert.False(File.Exists(Path.Combine(killed, OutputLock.FileName)));
        Assert.Equal(Metrics(uninterrupted), Metrics(killed));
        string Run(string folder, string file) => Path.Combine(folder, "runs", "dsch-8b-s0", file);
        foreach (var file in new[] { "query_codes.npy", "database_codes.npy" })
            Assert.Equal(File.ReadAllBytes(Run(uninterrupted, file)), File.ReadAllBytes(Run(killed, file)));
        Assert.Equal(10, File.ReadAllLines(Run(killed, "metrics.jsonl")).Length);
    }

    /// <summary>(method, bits, seed, metric, value) of every row: the results without wall times and provenance.</summary>
    static string[] Metrics(string folder) =>
        ResultsCsv.Read(Path.Combine(folder, "results.csv")).Select(r => $"{r.Method} {r.Bits} {r.Seed} {r.Metric} {r.Value:R}").ToArray();
}
