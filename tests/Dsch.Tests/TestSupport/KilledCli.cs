using System.Diagnostics;
using System.Text;

namespace Dsch.Tests.TestSupport;

/// <summary>Runs the CLI and SIGKILLs it mid-run, for the tests of what a rerun makes of what a killed run left.</summary>
public static class KilledCli
{
    /// <summary>
    /// Starts the CLI with <paramref name="arguments"/> and kills it (SIGKILL on Linux) once <paramref name="ready"/>
    /// holds for its standard output so far; fails when it ends first or <paramref name="limit"/> passes. Returns that output.
    /// </summary>
    public static string KillWhen(string[] arguments, Func<string, bool> ready, TimeSpan limit)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = CliProcess.RepositoryRoot };
        start.ArgumentList.Add(CliProcess.CliPath);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        _ = process.StandardError.ReadToEndAsync();
        string Text() { lock (output) return output.ToString(); }
        var deadline = DateTime.UtcNow + limit;
        while (!ready(Text()) && !process.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(5);
        Assert.False(process.HasExited, "the command ended before it could be killed:\n" + Text());
        Assert.True(ready(Text()), "the awaited point was not reached in time:\n" + Text());
        process.Kill();
        process.WaitForExit();
        return Text();
    }
}
