using Microsoft.FSharp.Core;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;
using Plotly.NET.CSharp;

namespace Dsch.Experiments;

/// <summary>One named line of a chart: x and y of equal length.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>
/// Plotly.NET charts used by the CLI's reports and the notebooks, so notebooks call the library
/// instead of building charts inline. Export with <see cref="ToStandaloneHtml"/> (plotly.js embedded: works offline).
/// </summary>
public static class Charts
{
    /// <summary>A line chart with markers, one trace per series.</summary>
    public static GenericChart Lines(string title, string xTitle, string yTitle, IEnumerable<ChartSeries> series)
    {
        var traces = series.Select(s =>
        {
            if (s.X.Count != s.Y.Count) throw new ArgumentException($"series '{s.Name}': {s.X.Count} x values but {s.Y.Count} y values");
            return CSharpChart.Line<double, double, string>(s.X, s.Y, ShowMarkers: true, Name: s.Name);
        });
        var combined = CSharpChart.Combine(traces);
        return Plotly.NET.Chart.withTitle(title, null).Invoke(combined)
            .WithXAxisStyle<double, double, string>(TitleText: xTitle)
            .WithYAxisStyle<double, double, string>(TitleText: yTitle);
    }

    /// <summary>A complete HTML page with plotly.js inlined (no network needed to view it).</summary>
    public static string ToStandaloneHtml(GenericChart chart)
    {
        // Plotly.NET's default references a CDN; Full inlines the plotly.js it carries as a resource.
        var inline = DisplayOptions.init(null, null, null, null, null, null, new FSharpOption<PlotlyJSReference>(PlotlyJSReference.Full));
        return GenericChart.toEmbeddedHTML(Plotly.NET.Chart.withDisplayOptions(inline).Invoke(chart));
    }
}
