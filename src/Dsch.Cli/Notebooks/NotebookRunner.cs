using Dsch.IO;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Dsch.Cli.Notebooks;

/// <summary>What one notebook run produced.</summary>
/// <param name="Notebook">The notebook that ran.</param>
/// <param name="CellsRun">Code cells executed (including a failing one).</param>
/// <param name="FailedCell">1-based index among all cells of the first failing cell, or null.</param>
/// <param name="Error">The failing cell's error message, or null.</param>
/// <param name="ExecutedCopy">Where the executed notebook (with outputs) was written, or null.</param>
/// <param name="Values">Values of the requested variables or expressions after the run (those that exist).</param>
/// <param name="Seconds">Wall time.</param>
public sealed record NotebookRunResult(string Notebook, int CellsRun, int? FailedCell, string? Error,
    string? ExecutedCopy, IReadOnlyDictionary<string, object?> Values, double Seconds)
{
    /// <summary>True when every cell ran without error.</summary>
    public bool Succeeded => FailedCell is null;
}

/// <summary>
/// Runs a .NET Interactive notebook's C# cells in order, in this process, with this host's own
/// assemblies (Dsch.Lib, TorchSharp, Plotly.NET, Deedle and FSharp.Core 10.1).
/// </summary>
/// <remarks>
/// For batch runs and tests: <c>--param</c> overrides, values read back, one process for many notebooks. The notebooks
/// also run unmodified in stock Jupyter and Polyglot Notebooks: their setup cell's <c>NotebookDisplay.Enable()</c>
/// registers the display formatters in every host, this one included. Conventions: a cell whose first line is <c>// parameters</c>
/// holds defaults that <c>--param key=value</c> overrides right after it ran (papermill's rule);
/// <c>#r "…/Name.dll"</c> lines for assemblies this host already provides are satisfied by the host
/// (so the same setup cell also works in other hosts); the first failing cell stops the run.
/// </remarks>
public sealed class NotebookRunner
{
    const string ParametersMarker = "// parameters";
    readonly IReadOnlyDictionary<string, string> _parameters;

    /// <summary>Creates a runner that injects <paramref name="parameters"/> after the parameters cell.</summary>
    public NotebookRunner(IReadOnlyDictionary<string, string>? parameters = null) =>
        _parameters = parameters ?? new Dictionary<string, string>();

    /// <summary>
    /// Runs <paramref name="notebookPath"/>; writes the executed copy into <paramref name="outputDirectory"/>
    /// when given, and returns the values of <paramref name="capture"/> (variable names or C# expressions).
    /// </summary>
    public async Task<NotebookRunResult> RunAsync(string notebookPath, string? outputDirectory = null,
        IEnumerable<string>? capture = null)
    {
        var started = DateTime.UtcNow;
        var fullPath = Path.GetFullPath(notebookPath);
        if (!File.Exists(fullPath)) throw new InvalidInputException($"{notebookPath}: notebook not found");
        var document = Read(fullPath);

        using var kernel = new CSharpKernel().UseKernelHelpers().UseValueSharing();
        kernel.AddAssemblyReferences(HostAssemblies.Paths);

        var previousDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = Path.GetDirectoryName(fullPath)!; // relative paths resolve from the notebook
        int cellsRun = 0, executionCount = 0;
        int? failedCell = null;
        string? error = null;
        var parametersApplied = _parameters.Count == 0;
        try
        {
            for (int index = 0; index < document.Elements.Count; index++)
            {
                var cell = document.Elements[index];
                if (!IsCSharp(cell)) continue;
                cell.Outputs.Clear();
                cell.ExecutionOrder = ++executionCount;
                cellsRun++;
                error = await RunCellAsync(kernel, cell);
                if (error is null && !parametersApplied && cell.Contents.TrimStart().StartsWith(ParametersMarker, StringComparison.Ordinal))
                {
                    await ApplyParametersAsync(kernel, notebookPath);
                    parametersApplied = true;
                }
                if (error is not null) { failedCell = index + 1; break; }
            }
            if (failedCell is null && !parametersApplied)
                throw new InvalidInputException($"{notebookPath}: --param given but the notebook has no '{ParametersMarker}' cell");
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
        }

        string? executedCopy = null;
        if (outputDirectory is not null)
        {
            executedCopy = Path.Combine(Path.GetFullPath(outputDirectory), Path.GetFileName(fullPath));
            AtomicFile.WriteAllText(executedCopy, Notebook.ToJupyterJson(document));
        }
        var values = new Dictionary<string, object?>();
        foreach (var expression in capture ?? [])
            if (await CaptureAsync(kernel, expression, evaluate: failedCell is null) is (true, var value)) values[expression] = value;
        return new NotebookRunResult(fullPath, cellsRun, failedCell, error, executedCopy, values,
            (DateTime.UtcNow - started).TotalSeconds);
    }

    /// <summary>
    /// The value of a variable, or of a C# expression evaluated in the notebook's final state (so tests read
    /// <c>features.Dimension</c> without the notebook declaring a variable for them); not found when neither exists.
    /// Expressions are evaluated only after a successful run (<paramref name="evaluate"/>), never over a failure.
    /// </summary>
    static async Task<(bool Found, object? Value)> CaptureAsync(CSharpKernel kernel, string expression, bool evaluate)
    {
        if (kernel.TryGetValue<object>(expression, out var value)) return (true, value);
        if (!evaluate) return (false, null);
        var result = await kernel.SendAsync(new SubmitCode(expression));
        if (result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed)
            throw new InvalidInputException($"--capture {expression}: {failed.Message.Split('\n')[0]}");
        return result.Events.OfType<ReturnValueProduced>().FirstOrDefault() is { } produced ? (true, produced.Value) : (false, null);
    }

    static InteractiveDocument Read(string path)
    {
        var kernels = new KernelInfoCollection { new Microsoft.DotNet.Interactive.Documents.KernelInfo("csharp", "C#", ["c#", "C#"]) };
        kernels.DefaultKernelName = "csharp";
        try
        {
            using var stream = File.OpenRead(path);
            return Notebook.Read(stream, kernels);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidInputException($"{path}: not a readable .ipynb notebook ({e.Message})", e);
        }
    }

    static bool IsCSharp(InteractiveDocumentElement cell) =>
        cell.KernelName is "csharp" or "C#" or "c#" && !string.IsNullOrWhiteSpace(cell.Contents);

    /// <summary>Runs one cell, records its outputs, and returns its error message (null on success).</summary>
    static async Task<string?> RunCellAsync(CSharpKernel kernel, InteractiveDocumentElement cell)
    {
        var result = await kernel.SendAsync(new SubmitCode(HostAssemblies.StripProvidedReferences(cell.Contents)));
        string? error = null;
        foreach (var kernelEvent in result.Events)
        {
            switch (kernelEvent)
            {
                case StandardOutputValueProduced output:
                    cell.Outputs.Add(new TextElement(PlainText(output), "stdout"));
                    break;
                case StandardErrorValueProduced output:
                    cell.Outputs.Add(new TextElement(PlainText(output), "stderr"));
                    break;
                case ErrorProduced produced:
                    error ??= produced.Message;
                    break;
                case ReturnValueProduced value:
                    var returned = new ReturnValueElement { ExecutionOrder = cell.ExecutionOrder };
                    foreach (var (mime, data) in MimeBundle(value)) returned.Data[mime] = data;
                    cell.Outputs.Add(returned);
                    break;
                case DisplayEvent display:
                    cell.Outputs.Add(new DisplayElement(MimeBundle(display)));
                    break;
                case CommandFailed failed:
                    error ??= failed.Message;
                    break;
            }
        }
        if (error is not null)
            cell.Outputs.Add(new ErrorElement("Error", error, []));
        return error;
    }

    async Task ApplyParametersAsync(CSharpKernel kernel, string notebookPath)
    {
        foreach (var (name, text) in _parameters)
        {
            if (!kernel.TryGetValue<object>(name, out var current) || current is null)
                throw new InvalidInputException($"--param {name}: {notebookPath} declares no parameter '{name}' in its '{ParametersMarker}' cell");
            var value = ConvertParameter(name, text, current.GetType());
            await kernel.SetValueAsync(name, value, current.GetType());
        }
    }

    static object ConvertParameter(string name, string text, Type type)
    {
        try
        {
            if (type == typeof(string)) return text;
            if (type == typeof(bool)) return bool.Parse(text);
            return Convert.ChangeType(text, type, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            throw new InvalidInputException($"--param {name}={text}: not a valid {type.Name}");
        }
    }

    static string PlainText(DisplayEvent e) =>
        e.FormattedValues.FirstOrDefault(v => v.MimeType == "text/plain")?.Value ?? e.Value?.ToString() ?? "";

    static Dictionary<string, object> MimeBundle(DisplayEvent e)
    {
        var bundle = new Dictionary<string, object>();
        foreach (var formatted in e.FormattedValues) bundle[formatted.MimeType] = formatted.Value;
        if (bundle.Count == 0) bundle["text/plain"] = e.Value?.ToString() ?? "";
        return bundle;
    }
}
