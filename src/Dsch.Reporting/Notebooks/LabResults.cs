using Dsch.IO;
using Deedle;
using Dsch.Experiments;
using Plotly.NET;

namespace Dsch.Notebooks;

/// <summary>The contents of a results folder written by <c>dsch reproduce</c>: rows and curves, with tables and charts across methods.</summary>
/// <param name="Folder">The folder read.</param>
/// <param name="Rows">Every row of <c>results.csv</c>.</param>
/// <param name="Curves">Every point of <c>curves.csv</c> (empty when the file is absent).</param>
public sealed record LabResults(string Folder, IReadOnlyList<ResultRow> Rows, IReadOnlyList<CurvePoint> Curves)
{
    /// <summary>Metrics present, e.g. mAP@1000, mAP@all, P@r2.</summary>
    public IReadOnlyList<string> Metrics => [.. Rows.Select(r => r.Metric).Distinct()];

    /// <summary>Methods present, in reading order.</summary>
    public IReadOnlyList<string> Methods => [.. ResultsSummary.OrderMethods(Rows.Select(r => r.Method).Distinct())];

    /// <summary>Code lengths present.</summary>
    public IReadOnlyList<int> Bits => [.. Rows.Select(r => r.Bits).Distinct().Order()];

    /// <summary>Method × bits table of <paramref name="metric"/>, mean ± std over seeds.</summary>
    public Frame<string, string> Table(string metric) => ResultsFrame.Of(ResultsSummary.Pivot(Rows, metric));

    /// <summary><paramref name="metric"/> against code length, one line per method.</summary>
    public GenericChart MapVsBits(string metric) => ResultPlots.MapVsBits(Rows, metric);

    /// <summary>Precision–recall by Hamming radius at <paramref name="bits"/> bits, one line per method (mean over seeds).</summary>
    public GenericChart PrecisionRecall(int bits) =>
        Charts.Lines($"Precision–recall by Hamming radius, {bits} bits", "recall", "precision", Series(bits, CurvePoint.ByRadius, p => p.Recall, p => p.Precision));

    /// <summary>Precision@N at <paramref name="bits"/> bits, one line per method (mean over seeds).</summary>
    public GenericChart PrecisionAtN(int bits) =>
        Charts.Lines($"Precision@N, {bits} bits", "N (top retrieved)", "precision", Series(bits, CurvePoint.AtN, p => p.X, p => p.Precision));

    IEnumerable<ChartSeries> Series(int bits, string curve, Func<CurvePoint, double> x, Func<CurvePoint, double> y) =>
        Curves.Where(c => c.Bits == bits && c.Curve == curve).GroupBy(c => c.Method)
            .OrderBy(g => ResultsSummary.OrderMethods(Methods).ToList().IndexOf(g.Key))
            .Select(g =>
            {
                var points = g.GroupBy(p => p.X).OrderBy(p => p.Key).Select(p => (X: p.Average(x), Y: p.Average(y))).ToList();
                return new ChartSeries(g.Key, [.. points.Select(p => p.X)], [.. points.Select(p => p.Y)]);
            });
}

public static partial class Lab
{
    /// <summary>The committed reference results of the quick preset for <paramref name="dataset"/>, relative to the repository.</summary>
    public static string ReferenceResults(string dataset) =>
        Path.Combine(RepositoryLayout.FindRoot() ?? Directory.GetCurrentDirectory(), "results", "reference", $"quick-{dataset}");

    /// <summary>Whether <paramref name="folder"/> holds results, and if not the command that creates it.</summary>
    public static string ResultsStatus(string folder, string dataset = "fashion-mnist") => File.Exists(Path.Combine(folder, "results.csv"))
        ? $"reading {folder}"
        : $"{folder} has no results.csv. Create it with: ./dsch reproduce --dataset {dataset} --out {folder} " +
          "(the full quick preset: DSCH, baseline, ITQ, LSH at 16/32/64 bits), or for a fast classical-only folder: " +
          $"./dsch reproduce --dataset {dataset} --bits 16,32 --methods itq,lsh,pcah --out {folder}";

    /// <summary>Reads <c>results.csv</c> and <c>curves.csv</c> of <paramref name="folder"/>.</summary>
    /// <exception cref="InvalidInputException">No results.csv (the message gives the command that writes it) or a malformed line.</exception>
    public static LabResults LoadResults(string folder, string dataset = "fashion-mnist")
    {
        var results = Path.Combine(folder, "results.csv");
        if (!File.Exists(results)) throw new InvalidInputException(ResultsStatus(folder, dataset));
        var curves = Path.Combine(folder, "curves.csv");
        return new LabResults(folder, ResultsCsv.Read(results), File.Exists(curves) ? CurvePoint.ReadCsv(curves) : []);
    }
}
