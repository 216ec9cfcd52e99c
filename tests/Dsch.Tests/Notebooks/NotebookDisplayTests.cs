using Dsch.Experiments;
using Dsch.Interactive;
using Dsch.Notebooks;
using Microsoft.DotNet.Interactive.Formatting;

namespace Dsch.Tests.Notebooks;

/// <summary>The setup cell's <see cref="NotebookDisplay.Enable"/> in this process (whose FSharp.Core is the one the library wants).</summary>
public class NotebookDisplayTests
{
    [Fact]
    public void Enable_TwiceIsHarmless_AndSharesNoFSharpCoreWhenTheHostsIsRecentEnough()
    {
        var first = NotebookDisplay.Enable();
        var second = NotebookDisplay.Enable();
        Assert.Equal(first, second);
        Assert.False(first.SharedFSharpCore);
        Assert.Matches(@"^\d+\.\d+\.\d+$", first.PlotlyJsVersion);
    }

    [Fact]
    public void AfterEnable_ChartsAreSmallFragments_AndTheSetupValueCarriesPlotlyJsOnce()
    {
        var setup = NotebookDisplay.Enable();
        var chart = Charts.Lines("t", "x", "y", [new ChartSeries("s", [1.0, 2.0], [3.0, 4.0])]);

        var chartHtml = chart.ToDisplayString(HtmlFormatter.MimeType);
        Assert.Contains("window.Plotly.newPlot(", chartHtml);
        Assert.True(chartHtml.Length < 20_000, $"a two-point chart took {chartHtml.Length} characters");
        Assert.DoesNotContain("/* plotly.js ", chartHtml);

        var setupHtml = setup.ToDisplayString(HtmlFormatter.MimeType);
        Assert.Contains($"/* plotly.js {setup.PlotlyJsVersion} */", setupHtml);
        Assert.True(setupHtml.Length > 1_000_000, "plotly.js is inlined (offline)");
        Assert.DoesNotContain("<script src=", setupHtml);     // nothing fetched from a CDN
    }

    [Fact]
    public void ChartText_CannotEndTheChartsScript()
    {
        var chart = Charts.Lines("</script><b>title", "x", "y", [new ChartSeries("</SCRIPT>s", [1.0], [2.0])]);
        var html = Charts.ToNotebookHtml(chart);
        Assert.Equal(html.IndexOf("</script>", StringComparison.Ordinal), html.LastIndexOf("</script>", StringComparison.Ordinal));
        Assert.EndsWith("</script>", html.TrimEnd());
        Assert.Contains("<\\/script><b>title", html);
    }

    [Fact]
    public void AfterEnable_FramesAndFragmentsAreHtml()
    {
        NotebookDisplay.Enable();
        var frame = Deedle.Frame.FromRecords(new[] { new { Method = "itq", Map = 0.5 } });
        Assert.StartsWith("<table>", frame.ToDisplayString(HtmlFormatter.MimeType));
        Assert.Equal("<b>x</b>", new HtmlFragment("<b>x</b>").ToDisplayString(HtmlFormatter.MimeType));
    }
}
