using System.CommandLine;
using System.Text.Json;
using Dsch.Data;
using Dsch.IO;
using SixLabors.ImageSharp;

namespace Dsch.Cli.Commands;

/// <summary><c>dsch data montage</c>: a PNG grid of the first N images of a split, with a class-coloured stripe per tile and a JSON legend beside it.</summary>
static class DataMontageCommand
{
    public static Command Create()
    {
        var common = DataCommand.Common.Create();
        var split = new Option<string>("--split") { Description = "query, database or train.", DefaultValueFactory = _ => "query" };
        var n = new Option<int>("--n") { Description = "Number of images (the first N of the split).", DefaultValueFactory = _ => 64 };
        var tile = new Option<int>("--tile") { Description = "Tile side in pixels.", DefaultValueFactory = _ => 64 };
        var output = new Option<string>("--out") { Description = "Output PNG (must not exist); the legend goes to the same name with .json (must not exist either).", Required = true };
        var command = new Command("montage", "Draw a labelled grid of a split's images (PNG + JSON legend).");
        common.AddTo(command);
        foreach (var option in new Option[] { split, n, tile, output }) command.Options.Add(option);
        command.SetAction(parse => CliExit.Guard(() =>
        {
            string outPath = parse.GetValue(output)!;
            if (!outPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) throw new InvalidInputException($"--out: '{outPath}' must end in .png");
            int count = parse.GetValue(n);
            if (count < 1) throw new InvalidInputException($"--n: {count} must be ≥ 1");
            string legendPath = Path.ChangeExtension(outPath, ".json");
            OutputFile.RequireNew("--out", outPath);
            OutputFile.RequireNew("--out", legendPath);                         // the legend beside it is never replaced either
            var data = common.Open(parse);
            var indices = data.SplitIndices(parse.GetValue(split)!).Take(count).ToArray();
            int columns = (int)Math.Ceiling(Math.Sqrt(indices.Length));
            var (image, tiles) = DatasetMontage.Draw(data, indices, parse.GetValue(tile), columns);
            using (image)
            {
                AtomicFile.WriteNewText(legendPath, "--out", Legend(data, parse.GetValue(split)!, columns, tiles));
                try { AtomicFile.WriteNew(outPath, "--out", stream => image.SaveAsPng(stream)); }
                catch { File.Delete(legendPath); throw; }
            }
            Console.WriteLine($"wrote {outPath} ({tiles.Length} tiles, {columns} columns) and legend {legendPath}");
            return CliExit.Success;
        }));
        return command;
    }

    static string Legend(HashingDataset data, string split, int columns, MontageTile[] tiles) => JsonSerializer.Serialize(new
    {
        dataset = data.Name,
        split,
        split_protocol = data.Split.Protocol,
        split_seed = data.Split.Seed,
        columns,
        stripe = "colour bar under each tile: its label(s), equal segments for multi-label images, black = no label",
        class_colors = data.ClassNames.Select((name, c) => { var rgb = DatasetMontage.ClassColor(c); return new { cls = c, name, color = $"#{rgb.R:X2}{rgb.G:X2}{rgb.B:X2}" }; }),
        tiles = tiles.Select(t => new { tile = t.Tile, row = t.Tile / columns, column = t.Tile % columns, index = t.Index, labels = t.Labels, source = t.Source }),
    }, new JsonSerializerOptions { WriteIndented = true });
}
