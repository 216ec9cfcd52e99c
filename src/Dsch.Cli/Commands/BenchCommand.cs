using System.CommandLine;

namespace Dsch.Cli.Commands;

/// <summary><c>dsch bench &lt;area&gt;</c>: micro-benchmarks that print measured figures and a ratio against a reference run in the same process.</summary>
static class BenchCommand
{
    public static Command Create() => new("bench", "Benchmarks that print measured figures against a reference computed side by side.")
    {
        BenchRetrievalCommand.Create(),
        BenchEStepCommand.Create(),
        BenchFinetuneStepCommand.Create(),
        BenchExtractCommand.Create(),
    };
}
