using System.CommandLine;

namespace Dsch.Cli.Commands;

/// <summary>
/// <c>dsch reproduce</c>: the main job — the default reproduction on the embedded Fashion-MNIST data.
/// </summary>
static class ReproduceCommand
{
    public static Command Create()
    {
        var command = new Command("reproduce", "Run the default reproduction (quick preset on Fashion-MNIST) and write results/.");
        command.SetAction(_ => CliExit.Guard(() =>
            throw new InvalidInputException("reproduce: the training pipeline is not built yet in this revision")));
        return command;
    }
}
