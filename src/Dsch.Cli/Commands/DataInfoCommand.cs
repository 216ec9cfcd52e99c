using System.CommandLine;
using System.Text.Json;
using Dsch.Data;

namespace Dsch.Cli.Commands;

/// <summary><c>dsch data info</c>: reads and validates a whole dataset, then prints counts per split and per label.</summary>
static class DataInfoCommand
{
    public static Command Create()
    {
        var common = DataCommand.Common.Create();
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var decode = new Option<bool>("--decode") { Description = "Fully decode every image (default: read image headers only; pixel datasets are always fully read)." };
        var command = new Command("info", "Validate a dataset (every file and image header) and print counts per split and per label.");
        common.AddTo(command);
        command.Options.Add(json);
        command.Options.Add(decode);
        command.SetAction(parse => CliExit.Guard(() =>
        {
            var summary = DatasetSummary.Of(common.Open(parse), parse.GetValue(decode));
            if (parse.GetValue(json)) Console.WriteLine(ToJson(summary));
            else PrintTable(summary);
            return CliExit.Success;
        }));
        return command;
    }

    static string ToJson(DatasetSummary s) => JsonSerializer.Serialize(new
    {
        dataset = s.Dataset,
        root = s.Root,
        images = s.Images,
        classes = s.ClassNames.Count,
        split = new { protocol = s.Split.Protocol, seed = s.Split.Seed, label_hash = s.Split.LabelHash },
        query = s.Parts[0].Images,
        train = s.Parts[1].Images,
        database = s.Parts[2].Images,
        excluded = s.Excluded,
        images_checked = s.ImagesChecked,
        images_decoded = s.Decoded,
        per_class = s.ClassNames.Select((name, c) => new
        {
            name, all = s.PerClass[c], query = s.Parts[0].PerClass[c], train = s.Parts[1].PerClass[c], database = s.Parts[2].PerClass[c],
        }),
    }, new JsonSerializerOptions { WriteIndented = true });

    static void PrintTable(DatasetSummary s)
    {
        Console.WriteLine($"dataset   {s.Dataset} ({s.Root})");
        Console.WriteLine($"images    {s.Images:N0} (all {s.ImagesChecked:N0} {(s.Decoded ? "decoded" : "checked")}), {s.ClassNames.Count} classes");
        Console.WriteLine($"split     {s.Split.Protocol}, seed {s.Split.Seed}, label hash {s.Split.LabelHash[..16]}…");
        Console.WriteLine($"query     {s.Parts[0].Images:N0}");
        Console.WriteLine($"train     {s.Parts[1].Images:N0} (from the database)");
        Console.WriteLine($"database  {s.Parts[2].Images:N0}");
        if (s.Excluded > 0) Console.WriteLine($"excluded  {s.Excluded:N0} (in no set, e.g. without labels)");
        int width = Math.Max(12, s.ClassNames.Max(n => n.Length));
        Console.WriteLine();
        Console.WriteLine($"{"class".PadRight(width)} {"all",8} {"query",8} {"train",8} {"database",9}");
        for (int c = 0; c < s.ClassNames.Count; c++)
            Console.WriteLine($"{s.ClassNames[c].PadRight(width)} {s.PerClass[c],8:N0} {s.Parts[0].PerClass[c],8:N0} {s.Parts[1].PerClass[c],8:N0} {s.Parts[2].PerClass[c],9:N0}");
    }
}
