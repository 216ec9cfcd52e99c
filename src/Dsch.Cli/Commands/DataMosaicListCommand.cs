using System.CommandLine;
using Dsch.Data;
using Dsch.Data.MosaicLists;

namespace Dsch.Cli.Commands;

/// <summary>
/// <c>dsch data mosaic-list</c>: generates a multi-hot <c>imagelist</c> folder of 2–3 co-occurring Fashion-MNIST items on a
/// sparse 3 × 3 grid (<see cref="MosaicListDesign"/>), seeded; the co-occurrence study's third dataset.
/// </summary>
static class DataMosaicListCommand
{
    public static Command Create()
    {
        var root = new Option<string?>("--root") { Description = "Fashion-MNIST folder (default: located as for --dataset fashion-mnist)." };
        var output = new Option<string>("--out") { Description = "New folder for the list and images (must not exist).", Required = true };
        var seed = new Option<int>("--seed") { Description = "Generator seed.", DefaultValueFactory = _ => 0 };
        var defaults = new MosaicListSize();
        var database = new Option<int>("--database") { Description = "Database images (training items).", DefaultValueFactory = _ => defaults.Database };
        var queries = new Option<int>("--queries") { Description = "Query images (test items).", DefaultValueFactory = _ => defaults.Queries };
        var train = new Option<int>("--train") { Description = "Training images, drawn from the database.", DefaultValueFactory = _ => defaults.Train };
        var command = new Command("mosaic-list", "Generate a multi-hot image list (imagelist format) of 2–3 co-occurring Fashion-MNIST items per image.")
        {
            root, output, seed, database, queries, train,
        };
        command.SetAction(parse => CliExit.Guard(() =>
        {
            var size = new MosaicListSize(parse.GetValue(database), parse.GetValue(queries), parse.GetValue(train)).Validated();
            string folder = parse.GetValue(output)!;
            OutputFile.RequireNew("--out", folder);
            Dsch.IO.OutputFolder.RequireCreatable(folder, "--out");
            var source = DatasetLocator.Find(DatasetRegistry.FashionMnist.Name, parse.GetValue(root))
                ?? throw new InvalidInputException($"--root: Fashion-MNIST not found ({DatasetRegistry.FashionMnist.InstallHint}pass --root DIR)");
            var recipe = MosaicListSource.Generate(source, folder, size, parse.GetValue(seed));
            Console.WriteLine($"wrote {folder}: {recipe.DatabaseCount} database, {recipe.Count - recipe.DatabaseCount} query, {recipe.Train.Length} training images " +
                              $"(seed {parse.GetValue(seed)}, composition {recipe.CompositionHash()[..12]})");
            return CliExit.Success;
        }));
        return command;
    }
}
