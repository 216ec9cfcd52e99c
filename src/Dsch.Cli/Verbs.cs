using System.CommandLine;
using Dsch.Cli.Commands;

namespace Dsch.Cli;

/// <summary>Every verb of the command line, in the order <c>dsch --help</c> lists them.</summary>
static class Verbs
{
    public static IEnumerable<Command> All() =>
    [
        ReproduceCommand.Create(),
        InfoCommand.Create(),
        NotebooksCommand.Create(),
        DataCommand.Create(),
        EvaluateCommand.Create(),
        BaselineCommand.Create(),
        BenchCommand.Create(),
        ComponentsCommand.Create(),
        ExtractCommand.Create(),
    ];
}
