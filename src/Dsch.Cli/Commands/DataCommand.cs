using System.CommandLine;
using Dsch.Data;

namespace Dsch.Cli.Commands;

/// <summary><c>dsch data</c>: inspect datasets and their splits (<c>info</c>, <c>montage</c>) and time the image pipeline (<c>bench</c>).</summary>
static class DataCommand
{
    public static Command Create() => new("data", "Validate and inspect datasets, draw montages, benchmark the image pipeline.")
    {
        DataInfoCommand.Create(),
        DataMontageCommand.Create(),
        DataBenchCommand.Create(),
        DataMosaicListCommand.Create(),
    };

    /// <summary>The options every data verb shares.</summary>
    internal sealed record Common(Option<string> Dataset, Option<string?> Root, Option<int> SplitSeed, Option<string?> Splits)
    {
        public static Common Create() => new(
            new Option<string>("--dataset") { Description = "fashion-mnist, fashion-outfits (generated from Fashion-MNIST), cifar10, flickr25k, nuswide or imagelist.", DefaultValueFactory = _ => "fashion-mnist" },
            new Option<string?>("--root") { Description = "Data folder (default: $DSCH_DATA/<name>, data/raw/<name>, system location)." },
            new Option<int>("--split-seed") { Description = "Seed of the split (0 = the committed default).", DefaultValueFactory = _ => 0 },
            new Option<string?>("--splits") { Description = "Folder of split files (default: the pinned data/splits, else the record in .cache/splits)." });

        public void AddTo(Command command)
        {
            command.Options.Add(Dataset);
            command.Options.Add(Root);
            command.Options.Add(SplitSeed);
            command.Options.Add(Splits);
        }

        public HashingDataset Open(ParseResult parse) =>
            DatasetCatalog.Open(parse.GetValue(Dataset)!, parse.GetValue(Root), parse.GetValue(SplitSeed), parse.GetValue(Splits), null);
    }
}
