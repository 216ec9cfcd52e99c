using System.Diagnostics;
using System.Net;
using Deedle;
using Dsch.Config;
using Dsch.Data;
using Dsch.Experiments;
using Dsch.Retrieval;
using Dsch.Runtime;

namespace Dsch.Notebooks;

/// <summary>
/// The notebooks' entry points (CONTRIBUTING.md, "Adding a notebook"): each composes existing library calls and returns a record
/// with named members, so notebook cells stay one or two lines and define no classes.
/// </summary>
public static partial class Lab
{
    /// <summary>Whether <paramref name="dataset"/> is installed, and if not what to download and where to put it.</summary>
    public static DataStatus CheckData(string dataset) => DataStatus.Of(dataset);

    /// <summary>
    /// Opens <paramref name="dataset"/> with its pinned split and the quick preset sized to the training set.
    /// <paramref name="quick"/>: a seeded in-memory subset (<see cref="QuickSubset"/>, default sizes), ResNet-18
    /// features at 32 px with 4 views cached under <c>.cache/features/&lt;dataset&gt;-quick-s&lt;seed&gt;</c>, 10 epochs (<see cref="Presets.Notebook"/>).
    /// Otherwise the whole split with the <c>quick</c> preset of <c>dsch reproduce</c> (same feature cache).
    /// </summary>
    /// <exception cref="InvalidInputException">The dataset is missing (the message names the folders searched) or malformed.</exception>
    public static LabData LoadData(string dataset, bool quick, int seed = 0, QuickSizes? sizes = null)
    {
        var full = DatasetCatalog.Open(dataset);
        if (!quick) return new LabData(full, Presets.Quick(dataset).FittedTo(full), false, seed, null);
        var (subset, source) = QuickSubset.Draw(full, sizes ?? new QuickSizes(), seed);
        return new LabData(subset, Presets.Notebook(dataset, seed).FittedTo(subset), true, seed, source);
    }

    /// <summary>Images per class in each part of the split (rows: classes, columns: query, database, train).</summary>
    public static Frame<string, string> SplitTable(LabData data)
    {
        var d = data.Data;
        var rows = Enumerable.Range(0, d.Labels.Classes).Select(c => new
        {
            Class = d.ClassNames[c],
            Query = d.Split.Query.Count(i => d.Labels.Has(i, c)),
            Database = d.Split.Database.Count(i => d.Labels.Has(i, c)),
            Train = d.Split.Train.Count(i => d.Labels.Has(i, c)),
        });
        return Frame.FromRecords(rows).IndexRows<string>("Class");
    }

    /// <summary>A labelled grid of images (<see cref="DatasetMontage"/>) with its class colour legend.</summary>
    public static HtmlFragment Montage(HashingDataset data, IReadOnlyList<int> indices, int columns = 10, int tile = 40, string? title = null)
    {
        var (image, tiles) = DatasetMontage.Draw(data, indices, tile, Math.Max(1, Math.Min(columns, indices.Count)));
        using (image)
        {
            var shown = tiles.SelectMany(t => t.Labels).Distinct().ToHashSet();
            var legend = string.Join(" ", Enumerable.Range(0, data.ClassNames.Count).Where(c => shown.Contains(data.ClassNames[c])).Select(c =>
            {
                var color = DatasetMontage.ClassColor(c);
                return $"<span style=\"border-bottom:4px solid rgb({color.R},{color.G},{color.B});margin-right:6px\">{WebUtility.HtmlEncode(data.ClassNames[c])}</span>";
            }));
            var picture = HtmlFragment.FromImage(image, title);
            return new HtmlFragment($"<div>{picture.Html}<div style=\"font-size:small\">{legend}</div></div>");
        }
    }

    /// <summary>
    /// Backbone features of the split (query, database, train and the training views): loaded from the cache or
    /// extracted, with progress lines on <paramref name="log"/> (default: the cell's output).
    /// </summary>
    public static LabFeatures ExtractFeatures(LabData data, TextWriter? log = null)
    {
        var loaded = ExperimentOf(data, log).LoadFeatures();     // kept for the notebook's lifetime: cells reuse the tensors
        return new LabFeatures(loaded.Features, loaded.Status, loaded.Seconds, loaded.Folder);
    }

    /// <summary>Fits each classical method (lsh, pcah, itq, sh) at each code length on the training features and evaluates it.</summary>
    public static IReadOnlyList<MethodScore> Yardstick(LabData data, LabFeatures features, IReadOnlyList<int> bits, IReadOnlyList<string> methods)
    {
        var scores = new List<MethodScore>();
        foreach (var b in bits)
            foreach (var method in methods)
            {
                var watch = Stopwatch.StartNew();
                var report = Experiment.Classical(method, features.Features, b, data.Seed, RetrievalOptions.Report(data.Preset.PrimaryTopK));
                scores.Add(MethodScore.Of(method, b, report, data.Preset.PrimaryTopK, watch.Elapsed.TotalSeconds));
            }
        return scores;
    }

    /// <summary>A table of scores: one row per method and code length.</summary>
    public static Frame<int, string> Table(IEnumerable<MethodScore> scores) =>
        Frame.FromRecords(scores.Select(s => new { s.Method, s.Bits, s.Map, s.MapAll, s.PrecisionRadius2, s.Seconds }));

    /// <summary>The experiment service over a notebook's data, on the CPU, writing to <paramref name="log"/> (default: the cell's output) at a cell's pace.</summary>
    static Experiment ExperimentOf(LabData data, TextWriter? log, string? run = null) =>
        new(data.Data, data.Preset.Features, ComputeDevice.Resolve(DeviceChoice.Cpu), new ProgressLines(log ?? Console.Out, ProgressPace.NotebookCell, run));
}

/// <summary>The retrieval quality of one method at one code length.</summary>
/// <param name="Method">Method name.</param>
/// <param name="Bits">L.</param>
/// <param name="Map">The protocol's primary metric (mAP@1000 single-label, mAP@5000 multi-label).</param>
/// <param name="MapAll">mAP over the whole ranking.</param>
/// <param name="PrecisionRadius2">Precision within Hamming radius 2.</param>
/// <param name="Seconds">Wall time of fitting and evaluating (training for DSCH).</param>
/// <param name="Report">The full report (curves included).</param>
public sealed record MethodScore(string Method, int Bits, double Map, double MapAll, double PrecisionRadius2, double Seconds, RetrievalReport Report)
{
    /// <summary>From a report, with the primary cut-off <paramref name="primaryTopK"/>.</summary>
    public static MethodScore Of(string method, int bits, RetrievalReport report, int primaryTopK, double seconds) =>
        new(method, bits, report.MapAtK[RetrievalOptions.Label(primaryTopK)], report.MapAtK[RetrievalOptions.Label(RetrievalOptions.All)],
            report.PrecisionRadius2, seconds, report);
}
