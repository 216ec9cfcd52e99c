using System.Globalization;
using Plotly.NET;
using TorchSharp;
using static TorchSharp.torch;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace Dsch.Interactive;

/// <summary>
/// A look at an intermediate tensor of the EM walkthrough (notebooks 02 and 03): a matrix as a heatmap, values as a
/// histogram. Display only — the tensors come from the library's pure pieces.
/// </summary>
public static class TensorCharts
{
    /// <summary>
    /// A (r, c) matrix as a heatmap, row 0 at the top; rows and columns are labelled by their index unless
    /// <paramref name="rowLabels"/>/<paramref name="columnLabels"/> are given.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not a matrix, or a label list has the wrong length.</exception>
    public static GenericChart Heatmap(Tensor matrix, string title, IReadOnlyList<string>? rowLabels = null, IReadOnlyList<string>? columnLabels = null)
    {
        if (matrix.dim() != 2) throw new ArgumentException($"heatmap: expected a matrix (r, c), got ({string.Join(", ", matrix.shape)})", nameof(matrix));
        int r = (int)matrix.shape[0], c = (int)matrix.shape[1];
        var rowsText = rowLabels ?? [.. Enumerable.Range(0, r).Select(i => i.ToString())];
        var columnsText = columnLabels ?? [.. Enumerable.Range(0, c).Select(j => j.ToString())];
        if (rowsText.Count != r || columnsText.Count != c)
            throw new ArgumentException($"heatmap: {rowsText.Count} row and {columnsText.Count} column labels for a ({r}, {c}) matrix");
        // Four significant digits are all a colour scale shows, and they keep a chart of thousands of cells small in
        // the saved notebook (a double prints as up to 17 digits in the chart's JSON).
        var values = matrix.detach().to(ScalarType.Float64).cpu().data<double>().ToArray()
            .Select(v => double.IsFinite(v) ? double.Parse(v.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : v).ToArray();
        var z = Enumerable.Range(0, r).Reverse().Select(i => values.Skip(i * c).Take(c).ToArray()).ToList();   // plotly draws y upwards
        var map = CSharpChart.Heatmap<double, string, string, string>(z, X: columnsText.ToList(), Y: rowsText.Reverse().ToList(), Name: title);
        return Plotly.NET.Chart.withTitle(title, null).Invoke(map);
    }

    /// <summary>
    /// The values of <paramref name="values"/> (any shape, flattened) in <paramref name="bins"/> equal bins between
    /// their minimum and maximum, as bars (a constant tensor gives one bar).
    /// </summary>
    public static GenericChart Histogram(Tensor values, string title, int bins = 40)
    {
        if (bins < 1) throw new ArgumentException($"histogram: bins must be positive, got {bins}", nameof(bins));
        var data = values.detach().to(ScalarType.Float64).cpu().flatten().data<double>().ToArray();
        if (data.Length == 0) throw new ArgumentException("histogram: no values", nameof(values));
        double low = data.Min(), high = data.Max(), width = (high - low) / bins;
        var counts = new double[width > 0 ? bins : 1];
        foreach (var v in data) counts[width > 0 ? Math.Min(bins - 1, (int)((v - low) / width)) : 0]++;
        var centres = Enumerable.Range(0, counts.Length).Select(k => width > 0 ? low + (k + 0.5) * width : low).ToList();
        var bars = CSharpChart.Column<double, double, string>(counts, Keys: centres, Name: "count");
        return Plotly.NET.Chart.withTitle($"{title} ({data.Length} values, {low:G3} … {high:G3})", null).Invoke(bars);
    }
}
