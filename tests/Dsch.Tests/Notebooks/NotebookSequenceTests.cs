using System.Globalization;
using System.Text.Json;
using Dsch.Experiments;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Notebooks;

/// <summary>
/// Executes every numbered notebook in quick mode through <c>dsch notebooks run</c> (as CI does) and asserts on
/// values (variables or expressions) read back. One collection, so the notebooks run one after another and share the
/// quick feature cache.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
[Collection(NotebookCollection.Name)]
public class NotebookSequenceTests
{
    static NotebookExecution Execute(string notebook, string[] parameters, params string[] captures) =>
        NotebookExecution.Succeeding(notebook, parameters, captures);

    [Fact]
    public void DataAndFeatures_ShowsSplitMontageAndFeatures_AndItqBeatsLsh()
    {
        const string itq = "yardstick.Single(s => s.Method == \"itq\" && s.Bits == 32).Map";
        const string lsh = "yardstick.Single(s => s.Method == \"lsh\" && s.Bits == 32).Map";
        var run = Execute("01_data_and_features", [], "features.Dimension", itq, lsh);
        Assert.Equal(512, run.Number("features.Dimension"));
        Assert.InRange(run.Number(lsh), 0.05, 1.0);
        Assert.True(run.Number(itq) > run.Number(lsh), "ITQ should beat LSH on the same features");
        Assert.Contains("data:image/png;base64,", run.Executed);   // the montage, inline
        Assert.Contains("<table>", run.Executed);                   // the split table
        Assert.Contains("training images × 4 views", run.Executed);
    }

    [Fact]
    public void SemanticComponents_SizesSumToN_WithTheSizedPreset()
    {
        var run = Execute("02_semantic_components", [], "components.FineSizes.Sum()", "features.TrainCount", "m1", "m2", "entropy");
        Assert.Equal(500, run.Number("features.TrainCount"));
        Assert.Equal(run.Number("features.TrainCount"), run.Number("components.FineSizes.Sum()"));
        Assert.Equal(100, run.Number("m1"));                      // SizedTo: N / 5
        Assert.Equal(10, run.Number("m2"));
        Assert.InRange(run.Number("entropy"), 0, Math.Log(100));
        Assert.Contains("heatmap", run.Executed);
    }

    [Fact]
    public void Training_TrainedDschBeatsLsh_AndLogsEveryEpoch()
    {
        const string lsh = "classical.Single(s => s.Method == \"lsh\").Map";
        var run = Execute("03_training", [], "run.Map", lsh, "run.Result.History.Count");
        Assert.Equal(5, run.Number("run.Result.History.Count"));
        Assert.True(run.Number("run.Map") > run.Number(lsh), $"DSCH {run.Number("run.Map")} should beat LSH {run.Number(lsh)}");
        Assert.Contains("dsch epoch 5/5", run.Executed);
        // plotly.js once (the setup cell's output), each of the two charts only as its data drawn by it.
        Assert.Equal(1, Occurrences(run.Executed, "/* plotly.js "));
        Assert.Equal(2, Occurrences(run.Executed, "window.Plotly.newPlot("));
        Assert.True(run.Executed.Length < 4_500_000, $"executed notebook of {run.Executed.Length} characters");
    }

    [Fact]
    public void Ablations_RunEveryVariant_AndTheCodeVariantsOverThreeSeeds()
    {
        const string dsch = "runs.Single(r => r.Name == \"dsch\").Map", baseline = "runs.Single(r => r.Name == \"baseline\").Map";
        const string seeded = "seedRuns.Count", methods = "string.Join(\",\", seedRuns.Select(r => r.Name).Distinct())";
        const string dschSeed0 = "seedRuns.First(r => r.Name == \"dsch\").Map";
        const string coarseOnly = "seedRuns.Where(r => r.Name == \"coarse-only\").Average(r => r.Map)";
        const string baselineMean = "seedRuns.Where(r => r.Name == \"baseline\").Average(r => r.Map)";
        var run = Execute("04_ablations", [], "runs.Count", dsch, baseline, seeded, methods, dschSeed0, coarseOnly, baselineMean);
        Assert.Equal(6, run.Number("runs.Count"));
        Assert.InRange(run.Number(dsch), 0.05, 1.0);
        Assert.InRange(run.Number(baseline), 0.05, 1.0);
        Assert.NotEqual(run.Number(dsch), run.Number(baseline));
        Assert.Equal(12, run.Number(seeded));                                   // 4 methods × 3 seeds
        Assert.Equal("dsch,baseline,coarse-only,tempered T=3", run.Text(methods));
        Assert.Equal(run.Number(dsch), run.Number(dschSeed0));                   // the method object trains what the switch trains
        Assert.NotEqual(run.Number(baselineMean), run.Number(coarseOnly));
        Assert.Equal(3, Occurrences(run.Executed, "window.Plotly.newPlot("));    // the seed chart and the two charts of the switches
    }

    [Fact]
    public void ResultsAndPlots_ReadsTheRowsOfTheGivenFolder()
    {
        using var folder = new TempDirectory();
        var rows = new List<ResultRow>();
        var curves = new List<CurvePoint>();
        foreach (var method in new[] { "itq", "lsh" })
            foreach (var bits in new[] { 16, 32 })
            {
                double map = method == "itq" ? 0.4 + bits / 1000.0 : 0.3;
                rows.Add(new ResultRow("fashion-mnist", "single-label", 0, method, bits, 0, "mAP@1000", map, "resnet18@32", "cpu", 1, "v", "c"));
                rows.Add(new ResultRow("fashion-mnist", "single-label", 0, method, bits, 0, "mAP@all", map - 0.1, "resnet18@32", "cpu", 1, "v", "c"));
                for (int r = 0; r <= bits; r += 4) curves.Add(new CurvePoint(method, bits, 0, CurvePoint.ByRadius, r, 1 - r / 64.0, r / (double)bits));
                foreach (var n in new[] { 100, 500, 1000 }) curves.Add(new CurvePoint(method, bits, 0, CurvePoint.AtN, n, map, n / 7000.0));
            }
        ResultsCsv.Write(Path.Combine(folder.Path, "results.csv"), rows);
        CurvePoint.WriteCsv(Path.Combine(folder.Path, "curves.csv"), curves);

        var run = Execute("05_results_and_plots", [$"results={folder.Path}"], "rowCount", "methods", "metric");
        Assert.Equal(rows.Count, run.Number("rowCount"));
        Assert.Equal("itq,lsh", run.Text("methods"));
        Assert.Equal("mAP@1000", run.Text("metric"));
        Assert.Contains("0.4320 (1 seed)", run.Executed);   // itq at 32 bits in the pivot table: one seed, no ± spread
    }

    [Fact]
    public void RetrievalDemo_ShowsTopK_WithDistances()
    {
        var run = Execute("06_retrieval_demo", [], "demo.Items.Count", "precisionAtK");
        Assert.Equal(12, run.Number("demo.Items.Count"));
        Assert.InRange(run.Number("precisionAtK"), 0, 1);
        Assert.Contains("d=", run.Executed);
        Assert.Contains("data:image/png;base64,", run.Executed);
    }

    static int Occurrences(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
