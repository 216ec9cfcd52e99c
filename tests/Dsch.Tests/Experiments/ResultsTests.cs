using Dsch.Experiments;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Experiments;

public class ResultsTests
{
    static ResultRow Row(string method, int bits, long seed, double value, string metric = "mAP@1000") =>
        new("fashion-mnist", "single-label-100-500", 0, method, bits, seed, metric, value, "resnet18@64", "cpu", 12.5,
            "dsch 1.0.0; torchsharp 0.107.0", "abc, \"quoted\"");

    [Fact]
    public void Csv_RoundTrips_IncludingFieldsThatNeedQuoting()
    {
        using var folder = new TempDirectory();
        var rows = new[] { Row("dsch", 16, 0, 0.6123456789), Row("itq", 64, 2, 0.5) };
        ResultsCsv.Write(folder.File("results.csv"), rows);
        Assert.Equal(rows, ResultsCsv.Read(folder.File("results.csv")));
        Assert.StartsWith("dataset,protocol,split_seed,method,bits,seed,metric,value,backbone,device,seconds",
            File.ReadAllText(folder.File("results.csv")));
    }

    [Fact]
    public void Csv_MalformedLine_IsAnError_NamingTheLine()
    {
        using var folder = new TempDirectory();
        ResultsCsv.Write(folder.File("r.csv"), [Row("dsch", 16, 0, 0.6)]);
        File.AppendAllText(folder.File("r.csv"), "fashion-mnist,p,0,dsch,sixteen,0,mAP@1000,0.6,b,cpu,1,v,c\n");
        var error = Assert.Throws<InvalidInputException>(() => ResultsCsv.Read(folder.File("r.csv")));
        Assert.Contains("line 3", error.Message);
    }

    [Fact]
    public void Summary_GivesMeanAndSampleStd_PerMethodAndBits_AndASingleSeedWithoutASpread()
    {
        var rows = new[] { Row("dsch", 32, 0, 0.60), Row("dsch", 32, 1, 0.62), Row("dsch", 32, 2, 0.64), Row("itq", 32, 0, 0.55) };
        var table = ResultsSummary.Pivot(rows, "mAP@1000");
        Assert.Equal("0.6200 ± 0.0200 (3 seeds)", table.Cells["dsch"]["32 bits"]);
        Assert.Equal("0.5500 (1 seed)", table.Cells["itq"]["32 bits"]);
        var frame = ResultsFrame.Of(table);
        Assert.Equal("0.6200 ± 0.0200 (3 seeds)", frame.GetColumn<string>("32 bits").Get("dsch"));
        Assert.Equal(["dsch", "itq"], frame.RowKeys.ToArray());
        var markdown = ResultsSummary.ToMarkdown(rows, ["mAP@1000", "mAP@all"], "provenance line");
        Assert.Contains("| dsch | 0.6200 ± 0.0200 (3 seeds) |", markdown);
        Assert.Contains("| itq | 0.5500 (1 seed) |", markdown);
        Assert.DoesNotContain("± 0.0000 (1", markdown);
        Assert.DoesNotContain("mAP@all", markdown); // no rows, no table
    }

    [Fact]
    public void Plots_AreWrittenAsOfflineHtmlAndPng()
    {
        using var folder = new TempDirectory();
        var rows = new[] { Row("dsch", 16, 0, 0.6), Row("dsch", 32, 0, 0.64), Row("itq", 16, 0, 0.57), Row("itq", 32, 0, 0.60) };
        var curves = new[]
        {
            new CurvePoint("dsch", 16, 0, CurvePoint.ByRadius, 0, 0.9, 0.1), new CurvePoint("dsch", 16, 0, CurvePoint.ByRadius, 1, 0.8, 0.3),
            new CurvePoint("dsch", 16, 0, CurvePoint.AtN, 100, 0.7, 0.01), new CurvePoint("dsch", 16, 0, CurvePoint.AtN, 500, 0.65, 0.05),
        };
        var files = ResultPlots.WriteAll(folder.Path, rows, curves, "mAP@1000");
        Assert.Contains(folder.File("map_vs_bits.png"), files);
        Assert.Contains(folder.File("pr_radius_16bits.html"), files);
        Assert.Contains(folder.File("precision_at_n_16bits.png"), files);
        foreach (var png in files.Where(f => f.EndsWith(".png")))
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png)[..4]);
        var html = File.ReadAllText(folder.File("map_vs_bits.html"));
        Assert.Contains("Plotly.newPlot", html);
        Assert.DoesNotContain("src=\"https://cdn.plot.ly", html);
    }
}
