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

    static string ToJson(DatasetSummary s)
    {
        var pairs = s.ClassNames.Count <= MaxTableLabels ? null : TopPairs(s);
        return JsonSerializer.Serialize(new
        {
            dataset = s.Dataset,
            root = s.Root,
            images = s.Images,
            classes = s.ClassNames.Count,
            split = new { protocol = s.Split.Protocol, seed = s.Split.Seed, label_hash = s.Split.LabelHash, generator = Generator(s.Split.Generator) },
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
            multi_label = s.Labels.MultiLabel,
            label_cardinality = Math.Round(s.Labels.Cardinality, 4),
            images_by_label_count = s.Labels.ImagesByLabelCount,
            cooccurrence = s.ClassNames.Count <= MaxTableLabels ? s.Labels.CooccurrenceRows() : null,
            cooccurrence_top_pairs = pairs?.Select(p => new { a = s.ClassNames[p.A], b = s.ClassNames[p.B], images = p.Images }),
            cooccurrence_top_pairs_caveat = pairs is null ? null : TopPairsCaveat(s, pairs),
            outfits = s.Dataset == DatasetRegistry.FashionOutfits.Name ? Outfits(s.ClassNames) : null,
        }, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The <see cref="SummaryPairs"/> label pairs (a &lt; b) carried together by the most images, most first, ties by (a, b).</summary>
    static List<(int A, int B, int Images)> TopPairs(DatasetSummary s)
    {
        var best = new PriorityQueue<(int A, int B, int Images), (int, long)>();       // the smallest kept pair first
        var labels = s.Labels.PairLabels;
        long n = s.ClassNames.Count;
        for (int p = 0; p < labels.Length; p++)
            for (int q = p + 1; q < labels.Length; q++)
            {
                int images = s.Labels.Cooccurrence[p, q];
                if (images == 0) continue;
                int a = labels[p], b = labels[q];
                var priority = (images, -(a * n + b));
                if (best.Count < SummaryPairs) best.Enqueue((a, b, images), priority);
                else if (best.TryPeek(out _, out var least) && priority.CompareTo(least) > 0) best.EnqueueDequeue((a, b, images), priority);
            }
        var pairs = new List<(int A, int B, int Images)>();
        while (best.Count > 0) pairs.Add(best.Dequeue());
        pairs.Reverse();
        return pairs;
    }

    /// <summary>
    /// Null when <see cref="TopPairs"/> is exact; else the sentence saying that a pair with a label outside the counted
    /// ones might be missing (it could be carried by as many images as that label's count).
    /// </summary>
    static string? TopPairsCaveat(DatasetSummary s, List<(int A, int B, int Images)> pairs)
    {
        int bound = s.Labels.UncountedPairBound;
        if (bound == 0 || (pairs.Count == SummaryPairs && pairs[^1].Images >= bound)) return null;
        return $"pairs counted among the {s.Labels.PairLabels.Length} most frequent labels; a pair with another label is carried by at most {bound:N0} images";
    }

    static object? Generator(GeneratorStamp? g) => g is null ? null
        : new { name = g.Name, version = g.Version, seed = g.Seed, source_hash = g.SourceHash, composition_hash = g.CompositionHash };

    /// <summary>The outfit templates (co-occurrence) and item groups (homology) the mosaics were generated from.</summary>
    static object Outfits(IReadOnlyList<string> names) => new
    {
        templates = Dsch.Data.Outfits.OutfitCatalog.Templates.Select(t => new { name = t.Name, required = t.Required.Select(c => names[c]), optional = t.Optional.Select(c => names[c]) }),
        item_groups = Dsch.Data.Outfits.OutfitCatalog.Groups.Select(g => new { name = g.Name, classes = g.Classes.Select(c => names[c]) }),
        off_template_share = Dsch.Data.Outfits.OutfitCatalog.OffTemplateShare,
    };

    static void PrintTable(DatasetSummary s)
    {
        Console.WriteLine($"dataset   {s.Dataset} ({s.Root})");
        Console.WriteLine($"images    {s.Images:N0} (all {s.ImagesChecked:N0} {(s.Decoded ? "decoded" : "checked")}), {s.ClassNames.Count} classes");
        Console.WriteLine($"split     {s.Split.Protocol}, seed {s.Split.Seed}, label hash {s.Split.LabelHash[..16]}…");
        Console.WriteLine($"query     {s.Parts[0].Images:N0}");
        Console.WriteLine($"train     {s.Parts[1].Images:N0} (from the database)");
        Console.WriteLine($"database  {s.Parts[2].Images:N0}");
        if (s.Excluded > 0) Console.WriteLine($"excluded  {s.Excluded:N0} (in no set, e.g. without labels)");
        if (s.Split.Generator is { } g) Console.WriteLine($"generator {g.Name} v{g.Version}, seed {g.Seed}, composition {g.CompositionHash[..16]}…");
        Console.WriteLine($"labels    {(s.Labels.MultiLabel ? "multi-label" : "single-label")}, cardinality {s.Labels.Cardinality:F3} labels/image " +
                          $"(images with 0, 1, 2, … labels: {string.Join(", ", s.Labels.ImagesByLabelCount.Reverse().SkipWhile(n => n == 0).Reverse())})");
        int width = Math.Max(12, s.ClassNames.Max(n => n.Length));
        Console.WriteLine();
        Console.WriteLine($"{"class".PadRight(width)} {"all",8} {"query",8} {"train",8} {"database",9}");
        for (int c = 0; c < s.ClassNames.Count; c++)
            Console.WriteLine($"{s.ClassNames[c].PadRight(width)} {s.PerClass[c],8:N0} {s.Parts[0].PerClass[c],8:N0} {s.Parts[1].PerClass[c],8:N0} {s.Parts[2].PerClass[c],9:N0}");
        if (s.Labels.MultiLabel) PrintCooccurrence(s, width);
    }

    /// <summary>
    /// Past this many labels the C × C co-occurrence table is summarised by its most frequent pairs: its size grows with
    /// the square of a number any label file can make large.
    /// </summary>
    const int MaxTableLabels = 40;

    /// <summary>Pairs listed in place of the table.</summary>
    const int SummaryPairs = 20;

    /// <summary>Images carrying both labels (row, column); columns are numbered like the rows.</summary>
    static void PrintCooccurrence(DatasetSummary s, int width)
    {
        int n = s.ClassNames.Count;
        if (n > MaxTableLabels)
        {
            Console.WriteLine();
            Console.WriteLine($"label co-occurrence: {n:N0} labels, more than {MaxTableLabels} for a table; the {SummaryPairs} pairs most often together:");
            var pairs = TopPairs(s);
            foreach (var (a, b, images) in pairs) Console.WriteLine($"{images,9:N0}  {s.ClassNames[a]} + {s.ClassNames[b]}");
            if (TopPairsCaveat(s, pairs) is { } caveat) Console.WriteLine($"({caveat})");
            return;
        }
        Console.WriteLine();
        Console.WriteLine("label co-occurrence (images carrying both; diagonal: images carrying the label)");
        Console.WriteLine($"{"".PadRight(width + 4)} {string.Join(" ", Enumerable.Range(0, n).Select(c => $"{c,7}"))}");
        for (int a = 0; a < n; a++)
            Console.WriteLine($"{a,2}  {s.ClassNames[a].PadRight(width)} {string.Join(" ", Enumerable.Range(0, n).Select(b => $"{s.Labels.Cooccurrence[a, b],7:N0}"))}");
    }
}
