using System.CommandLine;
using Dsch.Cli.Commands;

namespace Dsch.Cli;

/// <summary>Every verb of the command line, in the order <c>dsch --help</c> lists them.</summary>
static class Verbs
{
    public static IEnumerable<Command> All() =>
    [
        ReproduceCommand.Create(),
        TrainCommand.Create(),
        AblateCommand.Create(),
        ReportCommand.Create(),
        ExtractCommand.Create(),
        ComponentsCommand.Create(),
        EvaluateCommand.Create(),
        EncodeCommand.Create(),
        CodesCommand.Create(),
        ExportCommand.Create(),
        SearchCommand.Create(),
        BaselineCommand.Create(),
        DataCommand.Create(),
        NotebooksCommand.Create(),
        BenchCommand.Create(),
        InfoCommand.Create(),
    ];
}
