using System.CommandLine;
using System.CommandLine.Help;
using Dsch.Cli;

// `dsch <verb> [options]`: one verb per file under Commands/. The root is named for the command people type
// (./dsch), not the assembly that `dotnet Dsch.Cli.dll` runs, so help reads "Usage: dsch [command] [options]".
var root = new Command("dsch", "DSCH: Deep Semantic Components Hashing (AAAI-22) in C# / TorchSharp.")
{
    new HelpOption(), new VersionOption(),
};
foreach (var verb in Verbs.All()) root.Subcommands.Add(verb);
// The one opt-in that applies to every verb: image-list paths may resolve outside the dataset root (Dsch.IO.ListedPath).
var allowOutsideRoot = new Option<bool>(Dsch.IO.ListedPath.OptInFlag)
{
    Description = "Accept image-list paths that resolve outside --root (refused by default).", Recursive = true,
};
root.Options.Add(allowOutsideRoot);
root.SetAction(_ => { Console.Out.WriteLine("Usage: dsch <verb> [options]. Try: dsch --help"); return CliExit.BadInput; });

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"dsch: {error.Message}");
    Console.Error.WriteLine("Run with --help for usage.");
    return CliExit.BadInput;
}
if (parsed.GetValue(allowOutsideRoot)) Dsch.IO.ListedPath.AllowOutsideRoot = true;
return await parsed.InvokeAsync();
