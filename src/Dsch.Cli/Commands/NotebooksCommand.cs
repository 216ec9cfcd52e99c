using System.CommandLine;
using System.Text.Json;
using Dsch.Cli.Notebooks;
using Dsch.IO;

namespace Dsch.Cli.Commands;

/// <summary><c>dsch notebooks run [PATH…] [--out DIR] [--param key=value…]</c>: executes notebooks in the in-process host.</summary>
static class NotebooksCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Notebooks to run (default: every notebooks/*.ipynb, in name order).", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string?>("--out") { Description = "Folder for the executed copies (with outputs)." };
        var parameters = new Option<string[]>("--param") { Description = "key=value overriding a variable of the notebook's '// parameters' cell (repeatable).", AllowMultipleArgumentsPerToken = false };
        var capture = new Option<string[]>("--capture") { Description = "A variable or C# expression evaluated after the run, printed with its value (repeatable)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON line per notebook." };
        var run = new Command("run", "Execute notebooks cell by cell; stop a notebook at its first failing cell.") { paths, output, parameters, capture, json };
        run.SetAction((parse, _) => CliExit.GuardAsync(() => RunAsync(
            parse.GetValue(paths) ?? [], parse.GetValue(output), parse.GetValue(parameters) ?? [],
            parse.GetValue(capture) ?? [], parse.GetValue(json))));
        return new Command("notebooks", "Run the project's notebooks in the supported in-process host.") { run };
    }

    static async Task<int> RunAsync(string[] paths, string? output, string[] parameterTexts, string[] capture, bool json)
    {
        var notebooks = paths.Length > 0 ? paths : DefaultNotebooks();
        var runner = new NotebookRunner(ParseParameters(parameterTexts));
        int failures = 0;
        foreach (var notebook in notebooks)
        {
            var result = await runner.RunAsync(notebook, output, capture);
            if (!result.Succeeded) failures++;
            if (json) Console.WriteLine(JsonSerializer.Serialize(new
            {
                notebook = result.Notebook, succeeded = result.Succeeded, cellsRun = result.CellsRun,
                failedCell = result.FailedCell, error = result.Error, executedCopy = result.ExecutedCopy,
                values = result.Values.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString()), seconds = result.Seconds,
            }));
            else if (result.Succeeded)
                Console.WriteLine($"ok    {Path.GetFileName(notebook)}  ({result.CellsRun} cells, {result.Seconds:F1} s){Written(result)}");
            else
                Console.Error.WriteLine($"FAIL  {Path.GetFileName(notebook)}: cell {result.FailedCell}: {result.Error}{Written(result)}");
            if (!json) foreach (var (name, value) in result.Values) Console.WriteLine($"      {name} = {value}");
        }
        return failures == 0 ? CliExit.Success : CliExit.Failure;
    }

    static string Written(NotebookRunResult result) => result.ExecutedCopy is null ? "" : $" -> {result.ExecutedCopy}";

    static string[] DefaultNotebooks()
    {
        var folder = Path.Combine(RepositoryLayout.RequireRoot(), "notebooks");
        return Directory.GetFiles(folder, "*.ipynb").Order(StringComparer.Ordinal).ToArray();
    }

    static Dictionary<string, string> ParseParameters(IEnumerable<string> texts)
    {
        var parameters = new Dictionary<string, string>();
        foreach (var text in texts)
        {
            int equals = text.IndexOf('=');
            if (equals <= 0) throw new InvalidInputException($"--param '{text}': expected key=value");
            parameters[text[..equals].Trim()] = text[(equals + 1)..];
        }
        return parameters;
    }
}
