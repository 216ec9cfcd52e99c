using System.Globalization;
using System.Text;
using Deedle;

namespace Dsch.Experiments;

/// <summary>Mean, sample standard deviation and count of one metric over seeds.</summary>
public sealed record SeedStatistics(double Mean, double Std, int Seeds)
{
    /// <summary>From the per-seed values (std is 0 for a single seed).</summary>
    public static SeedStatistics Of(IReadOnlyCollection<double> values)
    {
        double mean = values.Average();
        double std = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        return new SeedStatistics(mean, std, values.Count);
    }

    /// <summary>
    /// <c>0.6412 ± 0.0081 (3 seeds)</c>; one seed has no spread, so it reads <c>0.6412 (1 seed)</c> rather than a
    /// <c>± 0.0000</c> that looks like a measured one.
    /// </summary>
    public override string ToString() => Seeds == 1
        ? string.Create(CultureInfo.InvariantCulture, $"{Mean:0.0000} (1 seed)")
        : string.Create(CultureInfo.InvariantCulture, $"{Mean:0.0000} ± {Std:0.0000} ({Seeds} seeds)");
}

/// <summary>
/// Pivots results into method × bits tables of mean ± std over seeds (Deedle frames), and renders
/// <c>summary.md</c>. Comparing seeds honestly: the number of seeds is printed in every cell.
/// </summary>
public static class ResultsSummary
{
    /// <summary>A frame with one row per method and one column per code length, cells as <see cref="SeedStatistics.ToString"/>.</summary>
    public static Frame<string, string> Pivot(IEnumerable<ResultRow> rows, string metric)
    {
        var cells = rows.Where(r => r.Metric == metric)
            .GroupBy(r => (r.Method, r.Bits))
            .Select(g => (g.Key.Method, Column: $"{g.Key.Bits} bits", Stats: SeedStatistics.Of(g.Select(r => r.Value).ToList())))
            .ToList();
        var columns = cells.Select(c => c.Column).Distinct().OrderBy(c => int.Parse(c.Split(' ')[0], CultureInfo.InvariantCulture)).ToList();
        var builder = new FrameBuilder.Columns<string, string>();
        foreach (var column in columns)
        {
            var series = new SeriesBuilder<string, string>();
            foreach (var cell in cells.Where(c => c.Column == column)) series.Add(cell.Method, cell.Stats.ToString());
            builder.Add(column, series.Series);
        }
        return builder.Frame;
    }

    /// <summary>Markdown for <c>summary.md</c>: one table per metric, with the provenance line on top.</summary>
    public static string ToMarkdown(IReadOnlyList<ResultRow> rows, IEnumerable<string> metrics, string provenanceLine)
    {
        var text = new StringBuilder("# Results summary\n\n").Append(provenanceLine).Append("\n\n");
        text.Append("Cells: mean ± sample std over training seeds (number of seeds); a single seed shows its value alone.\n");
        foreach (var metric in metrics)
        {
            if (!rows.Any(r => r.Metric == metric)) continue;
            var frame = Pivot(rows, metric);
            var columns = frame.ColumnKeys.ToList();
            text.Append($"\n## {metric}\n\n| method | {string.Join(" | ", columns)} |\n|---|{string.Concat(columns.Select(_ => "---|"))}\n");
            foreach (var method in OrderMethods(frame.RowKeys))
            {
                text.Append($"| {method} |");
                foreach (var column in columns)
                {
                    var value = frame.GetColumn<string>(column).TryGet(method);
                    text.Append(' ').Append(value.HasValue ? value.Value : "—").Append(" |");
                }
                text.Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>Row keys in reading order (see <see cref="MethodOrder"/>).</summary>
    public static IEnumerable<string> OrderMethods(IEnumerable<string> methods) =>
        methods.OrderBy(MethodOrder).ThenBy(m => m, StringComparer.Ordinal);

    /// <summary>Methods in a fixed reading order: DSCH first, then the contrastive baseline, the deep baselines, then classical ones.</summary>
    static int MethodOrder(string method) => method switch
    {
        "dsch" => 0, "baseline" => 1, "cibhash" => 2, "bihalf" => 3, "greedyhash" => 4, "itq" => 5, "sh" => 6, "pcah" => 7, "lsh" => 8, _ => 9,
    };
}
