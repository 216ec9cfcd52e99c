using System.CommandLine;
using Dsch.Cli;

// `dsch <verb> [options]`: one verb per file under Commands/.
var root = new RootCommand("DSCH: Deep Semantic Components Hashing (AAAI-22) in C# / TorchSharp.");
foreach (var verb in Verbs.All()) root.Subcommands.Add(verb);
root.SetAction(_ => { Console.Out.WriteLine("Usage: dsch <verb> [options]. Try: dsch --help"); return CliExit.BadInput; });

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"dsch: {error.Message}");
    Console.Error.WriteLine("Run with --help for usage.");
    return CliExit.BadInput;
}
return await parsed.InvokeAsync();
