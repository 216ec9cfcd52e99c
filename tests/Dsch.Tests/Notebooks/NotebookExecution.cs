using System.Globalization;
using System.Text.Json;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Notebooks;

/// <summary>The notebook tests that execute notebooks run one after another: each is a whole CPU-heavy host process.</summary>
[CollectionDefinition(Name)]
public sealed class NotebookCollection
{
    public const string Name = "Notebooks (one host process at a time)";
}

/// <summary>One <c>dsch notebooks run --json</c> of a committed notebook: its JSON line, the executed copy and the process.</summary>
sealed record NotebookExecution(JsonElement Json, string Executed, CliResult Process)
{
    // A hang, not a slow machine, must end a test: 04 trains 18 runs of the notebook preset (sized in notebooks/README.md)
    // and a shared 2-core machine can stretch that well past its idle time.
    static readonly TimeSpan Budget = TimeSpan.FromMinutes(15);

    /// <summary>True when every cell ran.</summary>
    public bool Succeeded => Process.ExitCode == 0 && Json.GetProperty("succeeded").GetBoolean();

    /// <summary>The captured value of a variable or expression, as text.</summary>
    public string Text(string capture) => Json.GetProperty("values").GetProperty(capture).GetString()!;

    /// <summary>Epochs a notebook's training cell runs in quick mode (the notebook preset's), one progress line and history row each.</summary>
    public static int NotebookEpochs => Dsch.Config.Presets.Notebook("fashion-mnist", 0).Training.Epochs;

    /// <summary>The captured value as a number.</summary>
    public double Number(string capture) => double.Parse(Text(capture), CultureInfo.InvariantCulture);

    /// <summary>
    /// Runs <c>notebooks/NAME.ipynb</c> in quick mode with <paramref name="parameters"/> (key=value) and reads back
    /// <paramref name="captures"/> (variables or C# expressions), with extra <paramref name="environment"/> variables.
    /// </summary>
    public static NotebookExecution Of(string notebook, IEnumerable<string> parameters, IEnumerable<string> captures,
        IReadOnlyDictionary<string, string>? environment = null) =>
        OfFile(Path.Combine(CliProcess.RepositoryRoot, "notebooks", notebook + ".ipynb"), parameters, captures, environment);

    /// <summary>As <see cref="Of"/>, for a notebook file anywhere (e.g. an edited copy in a temporary folder).</summary>
    public static NotebookExecution OfFile(string path, IEnumerable<string> parameters, IEnumerable<string> captures,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        using var output = new TempDirectory();
        var notebook = Path.GetFileNameWithoutExtension(path);
        var arguments = new List<string> { "notebooks", "run", path, "--out", output.Path, "--json", "--param", "quick=true" };
        foreach (var p in parameters) arguments.AddRange(["--param", p]);
        foreach (var c in captures) arguments.AddRange(["--capture", c]);
        var result = CliProcess.Run(Budget, environment ?? new Dictionary<string, string>(), [.. arguments]);
        var line = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
                   ?? throw new Xunit.Sdk.XunitException($"{notebook}: no JSON output (exit {result.ExitCode}); stderr: {result.Stderr}");
        var copy = Path.Combine(output.Path, notebook + ".ipynb");
        return new NotebookExecution(JsonDocument.Parse(line).RootElement.Clone(), File.Exists(copy) ? File.ReadAllText(copy) : "", result);
    }

    /// <summary>As <see cref="Of"/>, failing the test unless every cell ran.</summary>
    public static NotebookExecution Succeeding(string notebook, IEnumerable<string> parameters, IEnumerable<string> captures,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var run = Of(notebook, parameters, captures, environment);
        Assert.True(run.Succeeded, $"{notebook} failed: {run.Json}\n{run.Process.Stderr}");
        return run;
    }
}
