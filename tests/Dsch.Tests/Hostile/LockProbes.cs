using System.Diagnostics;
using Dsch.IO;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Hostile;

/// <summary>
/// The output folder's <c>.dsch.lock</c> (issue 27, items 13 and 16): a lock that is not a regular file or holds no
/// process is refused promptly instead of blocking, streaming or being taken for stale; the lock appears with its
/// content, so concurrent writers never both hold it; a full disk is reported as such, not as contention.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class LockProbes
{
    static CliResult Components(TempDirectory folder, string output)
    {
        HostileInput.WriteFloats(folder.File("codes.npy"), 12, 4);
        return HostileInput.Run("components", "--codes", folder.File("codes.npy"), "--m1", "2", "--m2", "1", "--out", output);
    }

    [Fact]
    public void I13_ALockThatIsAFifo_IsRefusedPromptly()
    {
        using var folder = new TempDirectory();
        var output = folder.File("out");
        Directory.CreateDirectory(output);
        HostileInput.MakeFifo(Path.Combine(output, OutputLock.FileName));
        var clock = Stopwatch.StartNew();
        HostileInput.AssertRefused(Components(folder, output), OutputLock.FileName, "not a regular file");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.False(File.Exists(Path.Combine(output, "P1.npy")));
    }

    [Fact]
    public void I13_ALockThatLinksToDevZero_IsRefused_WithoutReadingIt()
    {
        using var folder = new TempDirectory();
        var output = folder.File("out");
        Directory.CreateDirectory(output);
        File.CreateSymbolicLink(Path.Combine(output, OutputLock.FileName), "/dev/zero");
        HostileInput.AssertRefused(Components(folder, output), OutputLock.FileName, "symbolic link");
        Assert.Equal("/dev/zero", new FileInfo(Path.Combine(output, OutputLock.FileName)).LinkTarget);
    }

    [Fact]
    public void I13_AnEmptyLock_IsNotTakenForAStaleOne()
    {
        using var folder = new TempDirectory();
        var output = folder.File("out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, OutputLock.FileName), "");
        HostileInput.AssertRefused(Components(folder, output), OutputLock.FileName, "is empty");
        Assert.True(File.Exists(Path.Combine(output, OutputLock.FileName)));
        Assert.False(File.Exists(Path.Combine(output, "P1.npy")));
    }

    [Fact]
    public void I13_ConcurrentAcquires_NeverGiveTwoHolders_NorAnEmptyLock()
    {
        // All in this process: every loser sees a live holder (this PID) and is refused; with create-then-write a loser
        // could read the winner's still-empty lock, take it for stale and replace it, and both would hold the folder.
        for (int round = 0; round < 50; round++)
        {
            using var folder = new TempDirectory();
            int holders = 0, refused = 0;
            var locks = new OutputLock?[4];
            Parallel.For(0, locks.Length, i =>
            {
                try { locks[i] = OutputLock.Acquire(folder.Path, "--out"); Interlocked.Increment(ref holders); }
                catch (InvalidInputException e)
                {
                    Assert.Contains("another dsch is writing there", e.Message);
                    Interlocked.Increment(ref refused);
                }
            });
            Assert.Equal((1, 3), (holders, refused));
            Assert.Contains($"pid {Environment.ProcessId}", File.ReadAllText(folder.File(OutputLock.FileName)));
            foreach (var held in locks) held?.Dispose();
            Assert.Empty(Directory.GetFileSystemEntries(folder.Path));             // no lock, no temporary left
        }
    }

    [Fact]
    public async Task I16_AFullDisk_IsReportedAsSuch_NotAsLockContention()
    {
        // No small file system can be mounted here: a file-size limit of 0 fails every write the way a full disk does
        // (EFBIG instead of ENOSPC); SIGXFSZ is ignored so the write returns the error, and the runtime's W^X double
        // mapping (a memory file it must size) is off so that it starts under the limit.
        using var folder = new TempDirectory();
        HostileInput.WriteFloats(folder.File("codes.npy"), 12, 4);
        var output = folder.File("out");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = CliProcess.RepositoryRoot };
        foreach (var argument in new[] { "-c", "trap '' XFSZ; ulimit -f 0; exec dotnet \"$@\"", "bash", CliProcess.CliPath,
                     "components", "--codes", folder.File("codes.npy"), "--m1", "2", "--m2", "1", "--out", output })
            start.ArgumentList.Add(argument);
        start.Environment["DSCH_ROOT"] = CliProcess.RepositoryRoot;
        start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(HostileInput.Prompt), "did not finish");
        var result = new CliResult(process.ExitCode, await stdout, await stderr);
        HostileInput.AssertRefused(result, "--out", "cannot write the lock file", "too large for the file system");
        Assert.DoesNotContain("contended", result.Stderr);
        Assert.False(Directory.Exists(output), "the refused claim left the folder it made");   // nor an empty lock or a temporary
    }
}
