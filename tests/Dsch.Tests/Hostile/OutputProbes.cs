using System.Diagnostics;
using System.Globalization;
using Dsch.IO;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Hostile;

/// <summary>
/// Rejected commands change nothing, output paths are user input, and one folder has one writer: probes F3, F4, F8, F11.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class OutputProbes
{
    /// <summary>A folder that looks like a finished run: config.json and a checkpoint pointer with recognisable bytes.</summary>
    static string FinishedRun(TempDirectory parent)
    {
        var run = parent.File("run16");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "config.json"), "{\"training\": {\"bits\": 16}}");
        File.WriteAllText(Path.Combine(run, "checkpoint.json"), "{\"folder\": \"epoch-010\"}");
        return run;
    }

    [Theory]
    [InlineData("--device", "cuda")]
    [InlineData("--lambda", "0.7")]
    public void F3_RejectedTrainIntoAFinishedRun_LeavesEveryFileByteIdentical(string option, string value)
    {
        using var parent = new TempDirectory();
        using var data = new TempDirectory();
        HostileInput.WriteImageList(data.Path);
        var run = FinishedRun(parent);
        var before = HostileInput.Snapshot(run);
        var result = HostileInput.Run("train", "--dataset", "imagelist", "--root", data.Path, "--bits", "64", option, value, "--out", run);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(before, HostileInput.Snapshot(run));
    }

    [Theory]
    [InlineData("--m1", "0", "--m1")]
    [InlineData("--m2", "0", "--m2")]
    [InlineData("--epochs", "0", "--epochs")]
    public void F3_OptionRangesAreCheckedBeforeTheDatasetIsRead(string option, string value, string named)
    {
        using var parent = new TempDirectory();
        var result = HostileInput.Run("train", "--dataset", "imagelist", "--root", parent.File("no-such-dataset"), "--bits", "16", option, value,
            "--out", parent.File("run"));
        HostileInput.AssertRefused(result, named);                            // not the missing --root: the options come first
        Assert.False(Directory.Exists(parent.File("run")));
    }

    [Fact]
    public void F3_FineComponentsBeyondTheTrainingSet_AreRefusedBeforeTheRunFolderIsMade()
    {
        using var parent = new TempDirectory();
        using var data = new TempDirectory();
        HostileInput.WriteImageList(data.Path);
        var result = HostileInput.Run("train", "--dataset", "imagelist", "--root", data.Path, "--bits", "8", "--m1", "100000", "--out", parent.File("run"));
        HostileInput.AssertRefused(result, "--m1");
        Assert.False(Directory.Exists(parent.File("run")));
    }

    [Theory]
    [InlineData("--bits", ",", "empty list")]
    [InlineData("--bits", "16,16", "appears 2 times")]
    [InlineData("--seeds", "0,0", "appears 2 times")]
    [InlineData("--methods", "itq,itq", "appears 2 times")]
    [InlineData("--bits", "0", "between 1 and 4096")]
    public void F4_EmptyDuplicatedOrZeroBitsAndSeeds_AreRefused_AndNoFolderIsMade(string option, string value, string reason)
    {
        using var parent = new TempDirectory();
        using var data = new TempDirectory();
        HostileInput.WriteImageList(data.Path);
        var result = HostileInput.Run("reproduce", "--dataset", "imagelist", "--root", data.Path, option, value, "--out", parent.File("results"));
        HostileInput.AssertRefused(result, option, reason);
        Assert.False(Directory.Exists(parent.File("results")));
    }

    [Theory]
    [InlineData("components")]
    [InlineData("train")]
    [InlineData("reproduce")]
    public void F8_OutThatIsAnExistingFile_IsRefused(string verb)
    {
        using var folder = new TempDirectory();
        using var data = new TempDirectory();
        HostileInput.WriteImageList(data.Path);
        HostileInput.WriteFloats(folder.File("codes.npy"), 12, 4);
        File.WriteAllText(folder.File("taken"), "a file");
        string[] arguments = verb switch
        {
            "components" => ["components", "--codes", folder.File("codes.npy"), "--m1", "2", "--m2", "1", "--out", folder.File("taken")],
            "train" => ["train", "--dataset", "imagelist", "--root", data.Path, "--bits", "8", "--out", folder.File("taken")],
            _ => ["reproduce", "--dataset", "imagelist", "--root", data.Path, "--bits", "8", "--methods", "lsh", "--out", folder.File("taken")],
        };
        HostileInput.AssertRefused(HostileInput.Run(arguments), "--out", "is a file");
        Assert.Equal("a file", File.ReadAllText(folder.File("taken")));
    }

    [Fact]
    public void F8_BaselineOutThatIsADirectory_IsRefused()
    {
        using var folder = new TempDirectory();
        HostileInput.WriteFloats(folder.File("train.npy"), 20, 6);
        Directory.CreateDirectory(folder.File("codes"));
        var result = HostileInput.Run("baseline", "--method", "lsh", "--bits", "4", "--train", folder.File("train.npy"),
            "--encode", folder.File("train.npy"), "--out", folder.File("codes"));
        HostileInput.AssertRefused(result, "--out", "is a folder");
    }

    [Fact]
    public void F8_OutWhereNothingMayBeCreated_IsRefusedWithTheReason()
    {
        using var folder = new TempDirectory();
        HostileInput.WriteFloats(folder.File("codes.npy"), 12, 4);
        // /sys refuses new entries even to root: the stand-in for a read-only file system.
        var result = HostileInput.Run("components", "--codes", folder.File("codes.npy"), "--m1", "2", "--m2", "1", "--out", "/sys/dsch-hostile-probe");
        HostileInput.AssertRefused(result, "--out", "cannot write there");
    }

    [Fact]
    public void F11_SecondWriterIntoALockedFolder_IsRefusedNamingTheHolder()
    {
        using var folder = new TempDirectory();
        HostileInput.WriteFloats(folder.File("codes.npy"), 12, 4);
        var output = folder.File("components");
        using (OutputFolder.Claim(output, "--out"))                            // this test process is the live holder
        {
            var result = HostileInput.Run("components", "--codes", folder.File("codes.npy"), "--m1", "2", "--m2", "1", "--out", output);
            HostileInput.AssertRefused(result, "another dsch is writing there", $"PID {Environment.ProcessId}");
            Assert.False(File.Exists(Path.Combine(output, "P1.npy")));
        }
        Assert.False(File.Exists(Path.Combine(output, OutputLock.FileName)));
    }

    [Fact]
    public void F11_StaleLockOfADeadProcess_IsReplaced_AndRemovedAfterTheRun()
    {
        using var folder = new TempDirectory();
        HostileInput.WriteFloats(folder.File("codes.npy"), 12, 4);
        var output = folder.File("components");
        Directory.CreateDirectory(output);
        using var dead = Process.Start("true")!;
        dead.WaitForExit();
        File.WriteAllText(Path.Combine(output, OutputLock.FileName),
            $"pid {dead.Id}\nstarted {DateTime.UtcNow.AddMinutes(-5).ToString("o", CultureInfo.InvariantCulture)}\ncommand dsch components (killed)\n");
        var result = HostileInput.Run("components", "--codes", folder.File("codes.npy"), "--m1", "2", "--m2", "1", "--out", output);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.True(File.Exists(Path.Combine(output, "P1.npy")));
        Assert.False(File.Exists(Path.Combine(output, OutputLock.FileName)));
    }

    [Fact]
    public void F11_LockOfAReusedPid_IsStale()
    {
        using var folder = new TempDirectory();
        // PID 1 runs, but it did not start at the recorded time: the lock's holder is gone and its PID was reused.
        File.WriteAllText(folder.File(OutputLock.FileName), "pid 1\nstarted 2001-01-01T00:00:00.0000000Z\ncommand dsch train\n");
        using (OutputLock.Acquire(folder.Path, "--out")) Assert.Contains($"pid {Environment.ProcessId}", File.ReadAllText(folder.File(OutputLock.FileName)));
    }
}
