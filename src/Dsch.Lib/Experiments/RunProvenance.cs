using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Dsch.IO;
using Dsch.Runtime;

namespace Dsch.Experiments;

/// <summary>
/// Where a number came from: code revision, library versions, device, machine, seed and time.
/// Every run writes one (<c>provenance.json</c>) beside its results.
/// </summary>
/// <param name="GitCommit">HEAD of the checkout, or <c>unknown</c> outside a git checkout.</param>
/// <param name="GitDirty">True when tracked files differ from HEAD (the numbers may not match the commit).</param>
/// <param name="DschVersion">Version of Dsch.Lib.</param>
/// <param name="TorchSharpVersion">TorchSharp package version.</param>
/// <param name="LibTorchVersion">libtorch version.</param>
/// <param name="DotNetVersion">.NET runtime version.</param>
/// <param name="Os">Operating-system description.</param>
/// <param name="Device">Device the run computed on (<c>cpu</c>, <c>cuda</c>).</param>
/// <param name="CpuModel">CPU model name from <c>/proc/cpuinfo</c>.</param>
/// <param name="LogicalCores">Logical cores visible to the process.</param>
/// <param name="TorchThreads">libtorch intra-op threads.</param>
/// <param name="Seed">Training seed of the run (null when not applicable).</param>
/// <param name="CommandLine">The command that produced the run.</param>
/// <param name="StartedUtc">Start time.</param>
/// <param name="FinishedUtc">End time, null while running.</param>
public sealed record RunProvenance(
    string GitCommit, bool GitDirty, string DschVersion, string TorchSharpVersion, string LibTorchVersion,
    string DotNetVersion, string Os, string Device, string CpuModel, int LogicalCores, int TorchThreads,
    long? Seed, string CommandLine, DateTimeOffset StartedUtc, DateTimeOffset? FinishedUtc)
{
    /// <summary>Wall time of the run, once finished.</summary>
    public TimeSpan? WallTime => FinishedUtc - StartedUtc;

    /// <summary>Captures the provenance of a run starting now.</summary>
    public static RunProvenance Capture(string device, long? seed, string? repositoryDirectory = null)
    {
        var directory = repositoryDirectory ?? RepositoryLayout.FindRoot() ?? Environment.CurrentDirectory;
        var commit = Git(directory, "rev-parse HEAD") ?? "unknown";
        var dirty = Git(directory, "status --porcelain --untracked-files=no") is { Length: > 0 };
        return new RunProvenance(commit, dirty, TorchRuntime.DschVersion, TorchRuntime.TorchSharpVersion,
            TorchRuntime.LibTorchVersion, Environment.Version.ToString(), RuntimeInformation.OSDescription,
            device, ReadCpuModel(), Environment.ProcessorCount, TorchRuntime.CpuThreads, seed,
            Environment.CommandLine, DateTimeOffset.UtcNow, null);
    }

    /// <summary>This provenance marked finished now.</summary>
    public RunProvenance Finish() => this with { FinishedUtc = DateTimeOffset.UtcNow };

    /// <summary>Indented JSON (camelCase), with the wall time in seconds.</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        gitCommit = GitCommit, gitDirty = GitDirty, dschVersion = DschVersion, torchSharpVersion = TorchSharpVersion,
        libTorchVersion = LibTorchVersion, dotNetVersion = DotNetVersion, os = Os, device = Device, cpuModel = CpuModel,
        logicalCores = LogicalCores, torchThreads = TorchThreads, seed = Seed, commandLine = CommandLine,
        startedUtc = StartedUtc, finishedUtc = FinishedUtc, wallSeconds = WallTime?.TotalSeconds,
    }, new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Writes <c>provenance.json</c> into <paramref name="runDirectory"/> atomically.</summary>
    public void WriteTo(string runDirectory) =>
        AtomicFile.WriteAllText(Path.Combine(runDirectory, "provenance.json"), ToJson());

    /// <summary>
    /// Writes the provenance of a resumed segment, which started after <paramref name="completedEpochs"/> epochs, as
    /// <c>provenance.resumed-epoch-NNN.json</c>: the first segment's <c>provenance.json</c> (its command and start) is kept.
    /// </summary>
    public void WriteResumedTo(string runDirectory, int completedEpochs) =>
        AtomicFile.WriteAllText(Path.Combine(runDirectory, $"provenance.resumed-epoch-{completedEpochs:D3}.json"), ToJson());

    static string ReadCpuModel()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal))
                    return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    static string? Git(string directory, string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using var process = Process.Start(start);
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; } // git not installed
    }
}
