using System.Diagnostics;
using Dsch.Tests.Experiments;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Training;

/// <summary><c>dsch train</c> as a process: a run killed with SIGKILL and resumed ends with the codes of an uninterrupted run.</summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class TrainCliTests
{
    static string[] TrainArguments(string data, string run) =>
        ["train", "--dataset", "imagelist", "--root", data, "--bits", "8", "--epochs", "12", "--seed", "3", "--out", run];

    [Fact]
    public void KilledRun_ResumedFromItsCheckpoint_EndsWithTheUninterruptedCodes()
    {
        using var data = new TempDirectory();
        using var runs = new TempDirectory();
        ExperimentFixtures.WriteColouredSquares(data.Path);
        var uninterrupted = Path.Combine(runs.Path, "uninterrupted");
        var killed = Path.Combine(runs.Path, "killed");

        var reference = CliProcess.Run(TrainArguments(data.Path, uninterrupted));
        Assert.True(reference.ExitCode == 0, reference.Stderr + reference.Stdout);

        // Start the same run, SIGKILL it once its second epoch's checkpoint is on disk (mid-run, mid-epoch).
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = CliProcess.RepositoryRoot };
        start.ArgumentList.Add(CliProcess.CliPath);
        foreach (var argument in TrainArguments(data.Path, killed)) start.ArgumentList.Add(argument);
        using (var process = Process.Start(start)!)
        {
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddMinutes(5);
            var pointer = Path.Combine(killed, "checkpoint.json");
            while (!(File.Exists(pointer) && File.ReadAllText(pointer).Contains("\"completedEpochs\": 2")) && !process.HasExited && DateTime.UtcNow < deadline)
                Thread.Sleep(5);
            Assert.False(process.HasExited, "the run finished before it could be killed");
            process.Kill(); // SIGKILL on Linux
            process.WaitForExit();
        }
        Assert.False(File.Exists(Path.Combine(killed, "query_codes.npy")));

        var resumed = CliProcess.Run("train", "--resume", killed);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr + resumed.Stdout);
        foreach (var file in new[] { "query_codes.npy", "database_codes.npy" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(uninterrupted, file)), File.ReadAllBytes(Path.Combine(killed, file)));
        Assert.Equal(12, File.ReadAllLines(Path.Combine(killed, "metrics.jsonl")).Length);
    }

    [Theory]
    [InlineData("--tau", "0", "--tau")]
    [InlineData("--covariance", "spherical", "--covariance")]
    [InlineData("--m1", "100000", "--m1")]
    public void BadTrainingOptions_ExitWith2_NamingTheOption(string option, string value, string named)
    {
        using var data = new TempDirectory();
        ExperimentFixtures.WriteColouredSquares(data.Path);
        var result = CliProcess.Run("train", "--dataset", "imagelist", "--root", data.Path, "--bits", "8", "--epochs", "1", option, value,
            "--out", Path.Combine(data.Path, "run"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.Stderr);
    }

    [Fact]
    public void ResumeOfAFolderWithoutARun_ExitsWith2()
    {
        using var empty = new TempDirectory();
        var result = CliProcess.Run("train", "--resume", empty.Path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("config.json", result.Stderr);
    }
}
