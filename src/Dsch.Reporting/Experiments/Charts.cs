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

    /// <summary>
    /// The chart as a small notebook fragment (a <c>div</c> and the figure's JSON) drawn by the plotly.js that
    /// <see cref="PlotlyJsLoader"/> put into the page once; it waits up to 10 s for it, then says so in the div.
    /// </summary>
    /// <remarks>[decision] plotly.js (3.6 MB) once per notebook instead of inside every chart's output.</remarks>
    public static string ToNotebookHtml(GenericChart chart)
    {
        var id = "dsch-chart-" + Guid.NewGuid().ToString("N");
        // "</" only occurs inside JSON strings, where "<\/" means the same: no title or label can end the script.
        var figure = GenericChart.toFigureJson(chart).Replace("</", "<\\/", StringComparison.Ordinal);
        var config = Newtonsoft.Json.JsonConvert.SerializeObject(GenericChart.getConfig(chart)).Replace("</", "<\\/", StringComparison.Ordinal);
        return $$"""
            <div id="{{id}}"></div>
            <script type="text/javascript">
            (function () {
              var figure = {{figure}};
              var config = {{config}};
              var attempts = 0;
              function draw() {
                var target = document.getElementById("{{id}}");
                if (target && window.Plotly) { window.Plotly.newPlot(target, figure.data, figure.layout, config); return; }
                if (++attempts < 100) { setTimeout(draw, 100); return; }
                if (target) target.textContent = "plotly.js is not loaded in this page: run the notebook's setup cell.";
              }
              draw();
            })();
            </script>
            """;
    }

    /// <summary>
    /// A <c>script</c> that defines <c>window.Plotly</c> from the plotly.js Plotly.NET carries (offline), unless the
    /// page has it already. AMD/CommonJS globals are hidden from plotly.js's module wrapper, so it sets the global even
    /// where require.js is loaded (classic Jupyter).
    /// </summary>
    public static string PlotlyJsLoader()
    {
        var (version, script) = PlotlyJs.Value;
        return "<script type=\"text/javascript\">/* plotly.js " + version + " */\nif (!window.Plotly) { (function (define, module, exports) {\n" +
               script.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) +
               "\n}).call(window, undefined, undefined, undefined); }\n</script>";
    }

    /// <summary>The plotly.js version Plotly.NET embeds (as in its resource name, e.g. 2.28.0).</summary>
    public static string PlotlyJsVersion => PlotlyJs.Value.Version;

    static readonly Lazy<(string Version, string Script)> PlotlyJs = new(() =>
    {
        var assembly = typeof(GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return (name["Plotly.NET.plotly-".Length..^".min.js".Length], reader.ReadToEnd());
    });

    /// <summary>A complete HTML page with plotly.js inlined (no network needed to view it).</summary>
    public static string ToStandaloneHtml(GenericChart chart)
    {
        // Plotly.NET's default references a CDN; Full inlines the plotly.js it carries as a resource.
        var inline = DisplayOptions.init(null, null, null, null, null, null, new FSharpOption<PlotlyJSReference>(PlotlyJSReference.Full));
        return GenericChart.toEmbeddedHTML(Plotly.NET.Chart.withDisplayOptions(inline).Invoke(chart));
    }
}
