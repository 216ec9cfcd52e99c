using System.Diagnostics;
using Dsch.IO;

namespace Dsch.Tests.TestSupport;

/// <summary>Exit code and output of one run of the built CLI.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs the CLI that <c>./dsch</c> runs (<c>bin/dsch/Dsch.Cli.dll</c>) as a separate process, the way
/// users and other tools call it, so exit codes and output are tested for real. The test project builds it
/// (a build-only project reference, Release), so <c>dotnet test</c> needs no earlier <c>./dsch</c>.
/// </summary>
public static class CliProcess
{
    public static string RepositoryRoot => RepositoryLayout.FindRoot()
        ?? throw new InvalidOperationException("tests must run inside the checkout (no Dsch.sln found above)");

    public static string CliPath
    {
        get
        {
            var path = Path.Combine(RepositoryRoot, "bin", "dsch", "Dsch.Cli.dll");
            if (!File.Exists(path))
                throw new InvalidOperationException($"{path} is missing: build the test project (dotnet build tests/Dsch.Tests), which builds the CLI first");
            return path;
        }
    }

    public static CliResult Run(params string[] arguments) => Run(TimeSpan.FromMinutes(10), arguments);

    public static CliResult Run(TimeSpan timeout, params string[] arguments) => Run(timeout, new Dictionary<string, string>(), arguments);

    /// <summary>Runs the CLI with extra environment variables (they may replace <c>DSCH_ROOT</c>).</summary>
    public static CliResult Run(TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot,
        };
        start.ArgumentList.Add(CliPath);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DSCH_ROOT"] = RepositoryRoot;
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dsch {string.Join(' ', arguments)} did not finish within {timeout}");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
