using System.Globalization;
using System.Text.Json;
using Dsch.Experiments;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Experiments;

/// <summary><c>dsch reproduce</c> and <c>dsch ablate</c> end to end on a small image-list dataset (real extraction, training, evaluation).</summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class ReproduceCliTests
{
    [Fact]
    public void Reproduce_WritesResultsSummaryPlotsAndRescorableCodes()
    {
        using var data = new TempDirectory();
        using var output = new TempDirectory();
        ExperimentFixtures.WriteColouredSquares(data.Path);
        var result = CliProcess.Run("reproduce", "--dataset", "imagelist", "--root", data.Path, "--bits", "8",
            "--methods", "dsch,baseline,itq,lsh", "--out", output.Path);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Contains("timing: extraction", result.Stdout);

        var rows = ResultsCsv.Read(output.File("results.csv"));
        foreach (var method in new[] { "dsch", "baseline", "itq", "lsh" })
        {
            var map = rows.Single(r => r.Method == method && r.Metric == "mAP@1000");
            Assert.InRange(map.Value, 0, 1);
            Assert.Equal("imagelist", map.Dataset);
            Assert.Equal(8, map.Bits);
            Assert.Equal("resnet18@32", map.Backbone);
        }
        Assert.True(rows.Single(r => r.Method == "dsch" && r.Metric == "mAP@1000").Value > 0.5, "DSCH should separate three colours");
        foreach (var file in new[] { "summary.md", "curves.csv", "config.json", "provenance.json", "timing.json", "map_vs_bits.png", "map_vs_bits.html" })
            Assert.True(File.Exists(output.File(file)), file);

        // The trained run's codes re-score through the evaluate contract to the same number.
        var run = Path.Combine(output.Path, "runs", "dsch-8b-s0");
        var evaluate = CliProcess.Run("evaluate", "--query-codes", Path.Combine(run, "query_codes.npy"),
            "--database-codes", Path.Combine(run, "database_codes.npy"), "--query-labels", Path.Combine(run, "query_labels.npy"),
            "--database-labels", Path.Combine(run, "database_labels.npy"), "--topk", "1000", "--json");
        Assert.True(evaluate.ExitCode == 0, evaluate.Stderr);
        var rescored = JsonDocument.Parse(evaluate.Stdout).RootElement.GetProperty("map").GetProperty("1000").GetDouble();
        Assert.Equal(rows.Single(r => r.Method == "dsch" && r.Metric == "mAP@1000").Value, rescored, 9);
    }

    [Fact]
    public void Ablate_RunsEachVariant_IntoTheSameTables()
    {
        using var data = new TempDirectory();
        using var output = new TempDirectory();
        ExperimentFixtures.WriteColouredSquares(data.Path);
        var result = CliProcess.Run("ablate", "--dataset", "imagelist", "--root", data.Path, "--bits", "8",
            "--grid", "dsch,no-fine,tau=0.5", "--out", output.Path, "--validation");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        var rows = ResultsCsv.Read(output.File("results.csv"));
        Assert.Equal(["dsch", "no-fine", "tau=0.5"], rows.Select(r => r.Method).Distinct().Order().ToArray());
        Assert.All(rows, r => Assert.EndsWith("+validation", r.Protocol));
        // The validation protocol also reports mAP at the cut-off scaled to its smaller database, and leads the summary with it.
        var scaled = System.Text.RegularExpressions.Regex.Match(result.Stdout + result.Stderr, @"scaled to the validation database: (mAP@\d+)");
        Assert.True(scaled.Success, result.Stdout);
        Assert.Contains(rows, r => r.Metric == scaled.Groups[1].Value);
        Assert.Contains($", {scaled.Groups[1].Value} ", result.Stdout + result.Stderr);      // in every run's line
        var summary = File.ReadAllText(output.File("summary.md"));
        Assert.True(summary.IndexOf($"## {scaled.Groups[1].Value}") < summary.IndexOf("## mAP@1000"), summary);
    }

    [Theory]
    [InlineData("--grid", "dsch,frobnicate", "frobnicate")]
    [InlineData("--grid", "tau=abc", "tau=abc")]
    [InlineData("--bits", "x", "--bits")]
    public void Ablate_BadOptions_ExitWith2_NamingThem(string option, string value, string named)
    {
        var result = CliProcess.Run("ablate", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.Stderr);
    }

    [Fact]
    public void Reproduce_UnknownMethodOrPreset_ExitsWith2()
    {
        Assert.Equal(2, CliProcess.Run("reproduce", "--methods", "dsch,magic").ExitCode);
        Assert.Equal(2, CliProcess.Run("reproduce", "--preset", "imagenet").ExitCode);
    }
}
