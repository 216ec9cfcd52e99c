using System.Globalization;
using System.Text.Json;
using Dsch.Experiments;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Notebooks;

/// <summary>
/// Executes every numbered notebook in quick mode through <c>dsch notebooks run</c> (as CI does) and asserts on
/// values read back. One class, so the notebooks run one after another and share the quick feature cache.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class NotebookSequenceTests
{
    static readonly TimeSpan Budget = TimeSpan.FromMinutes(8);

    sealed record Run(JsonElement Values, string Executed);

    static Run Execute(string notebook, string[] parameters, params string[] captures)
    {
        using var output = new TempDirectory();
        var path = Path.Combine(CliProcess.RepositoryRoot, "notebooks", notebook + ".ipynb");
        var arguments = new List<string> { "notebooks", "run", path, "--out", output.Path, "--json", "--param", "quick=true" };
        foreach (var p in parameters) arguments.AddRange(["--param", p]);
        foreach (var c in captures) arguments.AddRange(["--capture", c]);
        var result = CliProcess.Run(Budget, [.. arguments]);
        var line = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
                   ?? throw new Xunit.Sdk.XunitException($"no JSON output; stderr: {result.Stderr}");
        var json = JsonDocument.Parse(line).RootElement.Clone();
        Assert.True(result.ExitCode == 0 && json.GetProperty("succeeded").GetBoolean(), $"{notebook} failed: {line}\n{result.Stderr}");
        return new Run(json.GetProperty("values"), File.ReadAllText(Path.Combine(output.Path, notebook + ".ipynb")));
    }

    static double Number(Run run, string name) => double.Parse(run.Values.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    [Fact]
    public void DataAndFeatures_ShowsSplitMontageAndFeatures_AndItqBeatsLsh()
    {
        var run = Execute("01_data_and_features", [], "featureDimension", "itqMap32", "lshMap32");
        Assert.Equal(512, Number(run, "featureDimension"));
        Assert.InRange(Number(run, "lshMap32"), 0.05, 1.0);
        Assert.True(Number(run, "itqMap32") > Number(run, "lshMap32"), "ITQ should beat LSH on the same features");
        Assert.Contains("data:image/png;base64,", run.Executed);   // the montage, inline
        Assert.Contains("<table>", run.Executed);                   // the split table
        Assert.Contains("training images × 4 views", run.Executed);
    }

    [Fact]
    public void SemanticComponents_SizesSumToN_WithTheSizedPreset()
    {
        var run = Execute("02_semantic_components", [], "sizeTotal", "trainCount", "m1", "m2", "entropy");
        Assert.Equal(500, Number(run, "trainCount"));
        Assert.Equal(Number(run, "trainCount"), Number(run, "sizeTotal"));
        Assert.Equal(100, Number(run, "m1"));                      // SizedTo: N / 5
        Assert.Equal(10, Number(run, "m2"));
        Assert.InRange(Number(run, "entropy"), 0, Math.Log(100));
        Assert.Contains("heatmap", run.Executed);
    }

    [Fact]
    public void Training_TrainedDschBeatsLsh_AndLogsEveryEpoch()
    {
        var run = Execute("03_training", [], "dschMap", "lshMap", "epochs");
        Assert.Equal(5, Number(run, "epochs"));
        Assert.True(Number(run, "dschMap") > Number(run, "lshMap"), $"DSCH {Number(run, "dschMap")} should beat LSH {Number(run, "lshMap")}");
        Assert.Contains("dsch epoch 5/5", run.Executed);
        Assert.Contains("plotly", run.Executed);
    }

    [Fact]
    public void Ablations_RunEveryVariant()
    {
        var run = Execute("04_ablations", [], "runCount", "dschMap", "baselineMap");
        Assert.Equal(6, Number(run, "runCount"));
        Assert.InRange(Number(run, "dschMap"), 0.05, 1.0);
        Assert.InRange(Number(run, "baselineMap"), 0.05, 1.0);
        Assert.NotEqual(Number(run, "dschMap"), Number(run, "baselineMap"));
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
        Assert.Equal(rows.Count, Number(run, "rowCount"));
        Assert.Equal("itq,lsh", run.Values.GetProperty("methods").GetString());
        Assert.Equal("mAP@1000", run.Values.GetProperty("metric").GetString());
        Assert.Contains("0.4320 (1 seed)", run.Executed);   // itq at 32 bits in the pivot table: one seed, no ± spread
    }

    [Fact]
    public void RetrievalDemo_ShowsTopK_WithDistances()
    {
        var run = Execute("06_retrieval_demo", [], "shown", "precisionAtK");
        Assert.Equal(12, Number(run, "shown"));
        Assert.InRange(Number(run, "precisionAtK"), 0, 1);
        Assert.Contains("d=", run.Executed);
        Assert.Contains("data:image/png;base64,", run.Executed);
    }
}
