using System.Diagnostics;

namespace Dsch.Tests.TestSupport;

/// <summary>
/// Debian's Python with the real FAISS (<c>apt-get install python3-faiss python3-numpy</c>; CI installs both). The Python
/// on PATH may be another one (pyenv) without Debian's modules, so this always runs <c>/usr/bin/python3</c>.
/// </summary>
public static class FaissPython
{
    public const string Interpreter = "/usr/bin/python3";

    static readonly Lazy<bool> Present = new(() =>
    {
        if (!File.Exists(Interpreter)) return false;
        try { return Run("import faiss, numpy").ExitCode == 0; }
        catch (System.ComponentModel.Win32Exception) { return false; }
    });

    /// <summary>True when <c>import faiss, numpy</c> works.</summary>
    public static bool Available => Present.Value;

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/> (sys.argv[1:]).</summary>
    public static CliResult Run(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) { process.Kill(true); throw new TimeoutException("python did not finish"); }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>
/// A fact that needs Python FAISS: skipped, with the reason, on a developer machine without it; never skipped in CI
/// (<c>CI=true</c>), where a missing FAISS must fail the test rather than hide it.
/// </summary>
public sealed class FaissFactAttribute : FactAttribute
{
    public FaissFactAttribute()
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && !FaissPython.Available) Skip = $"Python FAISS is not installed ({FaissPython.Interpreter}; apt-get install python3-faiss python3-numpy); CI runs this test";
    }
}
