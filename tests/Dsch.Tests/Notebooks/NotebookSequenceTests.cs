using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dsch.Experiments;
using Dsch.Notebooks;
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
    public void SemanticComponents_SizesSumToN_WithTheSizedPreset_AndTheStepsEqualTheLibrarysEStep()
    {
        const string sameP1 = "MaxDifference(structure.P1, P1)", sameP2 = "MaxDifference(structure.P2, P2)";
        var run = Execute("02_semantic_components", [], "components.FineSizes.Sum()", "features.TrainCount", "H.shape[0]", "m1", "m2", "entropy",
            "components.Entropy.Mean", sameP1, sameP2);
        Assert.Equal(new QuickSizes().Train, run.Number("features.TrainCount"));
        Assert.Equal(run.Number("features.TrainCount"), run.Number("H.shape[0]"));   // H: the codes of every training image
        Assert.Equal(run.Number("features.TrainCount"), run.Number("components.FineSizes.Sum()"));
        Assert.Equal(run.Number("features.TrainCount") / 5, run.Number("m1"));   // SizedTo: N / 5
        Assert.Equal(run.Number("m1") / 10, run.Number("m2"));                   // and m1 / 10
        Assert.InRange(run.Number("entropy"), 0, Math.Log(run.Number("m1")));
        Assert.Equal(run.Number("components.Entropy.Mean"), run.Number("entropy"), 12);   // the cell's formula is the E-step's
        Assert.Equal(0, run.Number(sameP1));                      // mixture and k-means step by step = EStep.Discover
        Assert.Equal(0, run.Number(sameP2));
        Assert.Contains("heatmap", run.Executed);
    }

    [Fact]
    public void Training_TheWrittenOutLossEqualsTheLibrarys_AndTrainedThroughTheLoopBeatsLsh()
    {
        const string lsh = "classical.Single(s => s.Method == \"lsh\").Map";
        var run = Execute("03_training", [], "run.Map", lsh, "run.Result.History.Count", "lossDifference", "terms.Total.item<float>()", "batch.B",
            BuiltInDschMap);
        Assert.InRange(run.Number("lossDifference"), 0, 1e-6);   // the cell tagged loss against DschLoss.Compute on one batch
        Assert.Contains("max |difference| = ", run.Executed);
        Assert.True(run.Number("terms.Total.item<float>()") > 0, "the batch's loss is positive");
        Assert.Equal(15, run.Number("batch.B"));
        Assert.Equal(NotebookExecution.NotebookEpochs, run.Number("run.Result.History.Count"));
        Assert.True(run.Number("run.Map") > run.Number(lsh), $"DSCH {run.Number("run.Map")} should beat LSH {run.Number(lsh)}");
        Assert.Contains($"written-out-dsch epoch {NotebookExecution.NotebookEpochs}/{NotebookExecution.NotebookEpochs}", run.Executed);   // trained with the notebook's loss, one line per epoch
        Assert.Equal(run.Number(BuiltInDschMap), run.Number("run.Map"), 6);   // the loop trains it as it trains the built-in DSCH
        Assert.Contains("view a (top) and view b (bottom)", run.Executed);   // the batch's montage
        // plotly.js once (the setup cell's output), each of the four charts (z·zᵀ, S, loss, mAP) only as its data drawn by it.
        Assert.Equal(1, Occurrences(run.Executed, "/* plotly.js "));
        Assert.Equal(4, Occurrences(run.Executed, "window.Plotly.newPlot("));
        Assert.True(run.Executed.Length < 4_500_000, $"executed notebook of {run.Executed.Length} characters");
    }

    /// <summary>The built-in DSCH trained in the notebook's kernel after its cells, with the same data, seed and preset.</summary>
    const string BuiltInDschMap = "Lab.Train(data, features, bits, HashingMethods.Dsch(options), log: System.IO.TextWriter.Null).Map";

    [Fact]
    public void Training_ALossCellWithAnotherFormula_TrainsSomethingElse()
    {
        // The cell tagged loss replaced by another formula (λ = 1 instead of the preset's), the equality check after it
        // dropped: the batch's loss and the trained codes must follow the cell, not the library's DschLoss.
        using var folder = new TempDirectory();
        var notebook = JsonNode.Parse(File.ReadAllText(Path.Combine(CliProcess.RepositoryRoot, "notebooks", "03_training.ipynb")))!;
        var cells = notebook["cells"]!.AsArray();
        var loss = Assert.Single(cells, c => c!["metadata"]?["tags"]?.AsArray().Any(t => t!.GetValue<string>() == "loss") == true)!;
        loss["source"] = new JsonArray(
            "MethodTerms WrittenOutLoss(MethodBatch batch) =>\n",
            "    MethodTerms.From(DschLoss.Compute(batch.H, batch.Components, options.Loss with { Lambda = 1.0 }));");
        cells.Remove(Assert.Single(cells, c => string.Concat(c!["source"]!.AsArray().Select(l => l!.GetValue<string>())).Contains("lossDifference")));
        var path = Path.Combine(folder.Path, "03_training.ipynb");
        File.WriteAllText(path, notebook.ToJsonString());

        const string edited = "WrittenOutLoss(new MethodBatch(h, components, null, 0, 0)).Total.item<float>()";
        var run = NotebookExecution.OfFile(path, [], ["run.Map", "terms.Total.item<float>()", edited, BuiltInDschMap]);
        Assert.True(run.Succeeded, $"edited 03 failed: {run.Json}\n{run.Process.Stderr}");
        Assert.True(Math.Abs(run.Number(edited) - run.Number("terms.Total.item<float>()")) > 1e-3,
            $"the edited loss {run.Number(edited)} should differ from DschLoss's {run.Number("terms.Total.item<float>()")} on the batch");
        Assert.NotEqual(run.Number(BuiltInDschMap), run.Number("run.Map"));
        Assert.Contains($"written-out-dsch epoch {NotebookExecution.NotebookEpochs}/{NotebookExecution.NotebookEpochs}", run.Executed);
    }

    [Fact]
    public void Ablations_RunEveryVariant_AndTheCodeVariantsOverThreeSeeds()
    {
        const string dsch = "runs.Single(r => r.Name == \"dsch\").Map", baseline = "runs.Single(r => r.Name == \"baseline\").Map";
        const string seeded = "seedRuns.Count", methods = "string.Join(\",\", seedRuns.Select(r => r.Name).Distinct())";
        const string dschSeed0 = "seedRuns.First(r => r.Name == \"dsch\").Map";
        const string coarseOnly = "seedRuns.Where(r => r.Name == \"coarse-only\").Average(r => r.Map)";
        const string baselineMean = "seedRuns.Where(r => r.Name == \"baseline\").Average(r => r.Map)";
        const string cibhash = "runs.Single(r => r.Name == \"cibhash\").Map";
        var run = Execute("04_ablations", [], "runs.Count", dsch, baseline, seeded, methods, dschSeed0, coarseOnly, baselineMean, cibhash);
        Assert.Equal(7, run.Number("runs.Count"));                                // six switches and the deep baseline CIBHash
        Assert.InRange(run.Number(cibhash), 0.05, 1.0);
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
