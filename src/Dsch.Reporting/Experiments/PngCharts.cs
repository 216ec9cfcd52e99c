using Dsch.IO;

namespace Dsch.Experiments;

/// <summary>
/// Browser-free PNG rendering of the same charts (ScottPlot on Skia). Decision: PNG export through
/// Plotly.NET.ImageExport needs a headless Chromium; ScottPlot needs nothing beyond its NuGet natives,
/// so reports and CI produce pictures on any machine.
/// </summary>
public static class PngCharts
{
    /// <summary>Writes a line chart with markers (and optional ± error bars per point) to <paramref name="path"/>, atomically.</summary>
    public static void Lines(string path, string title, string xTitle, string yTitle, IEnumerable<ChartSeries> series,
        IReadOnlyDictionary<string, IReadOnlyList<double>>? errors = null, int width = 800, int height = 520)
    {
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10(); // ten distinct colours, in series order
        int index = 0;
        foreach (var s in series)
        {
            var line = plot.Add.Scatter(s.X.ToArray(), s.Y.ToArray());
            line.Color = palette.GetColor(index++);
            line.LegendText = s.Name;
            line.MarkerSize = 6;
            if (errors is not null && errors.TryGetValue(s.Name, out var error))
            {
                var bars = plot.Add.ErrorBar(s.X.ToArray(), s.Y.ToArray(), error.ToArray());
                bars.Color = line.Color;
            }
        }
        plot.Title(title);
        plot.XLabel(xTitle);
        plot.YLabel(yTitle);
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        var bytes = plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png);
        AtomicFile.WriteAllBytes(path, bytes);
    }
}
