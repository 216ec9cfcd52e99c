using System.Globalization;
using System.Text;

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
/// One metric of a results folder as a method × bits table: the code lengths in ascending order and, per method that
/// has rows, the mean ± std over seeds of each code length it ran (<see cref="SeedStatistics.ToString"/>).
/// </summary>
/// <param name="Columns">Column names, <c>16 bits</c>, <c>32 bits</c>, …, by code length.</param>
/// <param name="Cells">Method → column → cell; a method without rows at a code length has no entry there.</param>
public sealed record MethodBitsTable(IReadOnlyList<string> Columns, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Cells);

/// <summary>
/// Pivots results into method × bits tables of mean ± std over seeds, and renders <c>summary.md</c>. Comparing seeds
/// honestly: the number of seeds is printed in every cell.
/// </summary>
public static class ResultsSummary
{
    /// <summary>The method × bits table of <paramref name="metric"/> (notebooks show it as a frame, summary.md as Markdown).</summary>
    public static MethodBitsTable Pivot(IEnumerable<ResultRow> rows, string metric)
    {
        var cells = rows.Where(r => r.Metric == metric)
            .GroupBy(r => (r.Method, r.Bits))
            .Select(g => (g.Key.Method, Column: $"{g.Key.Bits} bits", Stats: SeedStatistics.Of(g.Select(r => r.Value).ToList())))
            .ToList();
        var columns = cells.Select(c => c.Column).Distinct().OrderBy(c => int.Parse(c.Split(' ')[0], CultureInfo.InvariantCulture)).ToList();
        var byMethod = cells.GroupBy(c => c.Method).ToDictionary(g => g.Key,
            g => (IReadOnlyDictionary<string, string>)g.ToDictionary(c => c.Column, c => c.Stats.ToString()));
        return new MethodBitsTable(columns, byMethod);
    }

    /// <summary>Markdown for <c>summary.md</c>: one table per metric, with the provenance line on top.</summary>
    public static string ToMarkdown(IReadOnlyList<ResultRow> rows, IEnumerable<string> metrics, string provenanceLine)
    {
        var text = new StringBuilder("# Results summary\n\n").Append(provenanceLine).Append("\n\n");
        text.Append("Cells: mean ± sample std over training seeds (number of seeds); a single seed shows its value alone.\n");
        foreach (var metric in metrics)
        {
            if (!rows.Any(r => r.Metric == metric)) continue;
            var table = Pivot(rows, metric);
            var columns = table.Columns;
            text.Append($"\n## {metric}\n\n| method | {string.Join(" | ", columns)} |\n|---|{string.Concat(columns.Select(_ => "---|"))}\n");
            foreach (var method in OrderMethods(table.Cells.Keys))
            {
                text.Append($"| {method} |");
                foreach (var column in columns)
                    text.Append(' ').Append(table.Cells[method].TryGetValue(column, out var value) ? value : "—").Append(" |");
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
