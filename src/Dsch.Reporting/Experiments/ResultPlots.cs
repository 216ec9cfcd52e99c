using Dsch.IO;
using Plotly.NET;

namespace Dsch.Experiments;

/// <summary>
/// The report's pictures, each as offline HTML (Plotly.NET, plotly.js inline) and PNG (ScottPlot):
/// mAP vs bits (mean ± std over seeds), precision–recall by Hamming radius and precision@N, per code length.
/// </summary>
public static class ResultPlots
{
    /// <summary>mAP vs bits, one line per method (means over seeds) — the chart the README shows.</summary>
    public static GenericChart MapVsBits(IReadOnlyList<ResultRow> rows, string metric) =>
        Charts.Lines($"{metric} vs code length", "bits", metric, MapSeries(rows, metric).Select(s => s.Series));

    /// <summary>Writes every chart into <paramref name="directory"/>; returns the files written.</summary>
    public static IReadOnlyList<string> WriteAll(string directory, IReadOnlyList<ResultRow> rows, IReadOnlyList<CurvePoint> curves, string metric)
    {
        var written = new List<string>();
        var mapSeries = MapSeries(rows, metric);
        if (mapSeries.Count > 0)
        {
            written.Add(WriteHtml(directory, "map_vs_bits.html", MapVsBits(rows, metric)));
            var path = Path.Combine(directory, "map_vs_bits.png");
            PngCharts.Lines(path, $"{metric} vs code length (mean ± std over seeds)", "bits", metric,
                mapSeries.Select(s => s.Series), mapSeries.ToDictionary(s => s.Series.Name, s => s.Std));
            written.Add(path);
        }
        foreach (var bits in curves.Select(c => c.Bits).Distinct().Order())
        {
            written.AddRange(WriteCurve(directory, curves, bits, CurvePoint.ByRadius, $"pr_radius_{bits}bits",
                $"Precision–recall by Hamming radius, {bits} bits", "recall", "precision", p => p.Recall, p => p.Precision));
            written.AddRange(WriteCurve(directory, curves, bits, CurvePoint.AtN, $"precision_at_n_{bits}bits",
                $"Precision@N, {bits} bits", "N (top retrieved)", "precision", p => p.X, p => p.Precision));
        }
        return written;
    }

    static IEnumerable<string> WriteCurve(string directory, IReadOnlyList<CurvePoint> curves, int bits, string curve,
        string name, string title, string xTitle, string yTitle, Func<CurvePoint, double> x, Func<CurvePoint, double> y)
    {
        var series = curves.Where(c => c.Bits == bits && c.Curve == curve)
            .GroupBy(c => c.Method)
            .OrderBy(g => g.Key == "dsch" ? 0 : g.Key == "baseline" ? 1 : 2).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                // Mean over seeds at each curve position.
                var points = g.GroupBy(p => p.X).OrderBy(p => p.Key)
                    .Select(p => (X: p.Average(x), Y: p.Average(y))).ToList();
                return new ChartSeries(g.Key, points.Select(p => p.X).ToList(), points.Select(p => p.Y).ToList());
            }).ToList();
        if (series.Count == 0) yield break;
        yield return WriteHtml(directory, name + ".html", Charts.Lines(title, xTitle, yTitle, series));
        var png = Path.Combine(directory, name + ".png");
        PngCharts.Lines(png, title, xTitle, yTitle, series);
        yield return png;
    }

    static List<(ChartSeries Series, IReadOnlyList<double> Std)> MapSeries(IReadOnlyList<ResultRow> rows, string metric) =>
        rows.Where(r => r.Metric == metric)
            .GroupBy(r => r.Method)
            .OrderBy(g => ResultsSummary.OrderMethods([g.Key]).First() == "dsch" ? 0 : 1)
            .Select(g =>
            {
                var byBits = g.GroupBy(r => r.Bits).OrderBy(b => b.Key)
                    .Select(b => (Bits: (double)b.Key, Stats: SeedStatistics.Of(b.Select(r => r.Value).ToList()))).ToList();
                return (new ChartSeries(g.Key, byBits.Select(b => b.Bits).ToList(), byBits.Select(b => b.Stats.Mean).ToList()),
                    (IReadOnlyList<double>)byBits.Select(b => b.Stats.Std).ToList());
            }).ToList();

    static string WriteHtml(string directory, string name, GenericChart chart)
    {
        var path = Path.Combine(directory, name);
        AtomicFile.WriteAllText(path, Charts.ToStandaloneHtml(chart));
        return path;
    }
}
