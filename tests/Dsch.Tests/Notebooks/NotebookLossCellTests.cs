using System.Text.Json.Nodes;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Notebooks;

/// <summary>
/// The loss of notebook 04 is code: its cell tagged <c>loss</c>, replaced by a different formula, changes what trains.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
[Collection(NotebookCollection.Name)]
public class NotebookLossCellTests
{
    /// <summary>The baseline's NT-Xent under the variant's name: no coarse term, and the baseline's codes.</summary>
    const string BaselineFormula = "var coarseOnly = HashingMethods.FromLoss(\"coarse-only\", batch => baseline.Loss(batch));";

    [Fact]
    public void Ablations_WithTheLossCellReplaced_TrainTheNewFormula()
    {
        using var folder = new TempDirectory();
        var copy = Path.Combine(folder.Path, "04_ablations.ipynb");
        var notebook = JsonNode.Parse(File.ReadAllText(Path.Combine(CliProcess.RepositoryRoot, "notebooks", "04_ablations.ipynb")))!;
        var lossCells = notebook["cells"]!.AsArray()
            .Where(c => c!["metadata"]?["tags"]?.AsArray().Any(t => t!.GetValue<string>() == "loss") == true).ToList();
        Assert.Single(lossCells);
        lossCells[0]!["source"] = new JsonArray(BaselineFormula);
        File.WriteAllText(copy, notebook.ToJsonString());

        const string variant = "seedRuns.Single(r => r.Name == \"coarse-only\")", reference = "seedRuns.Single(r => r.Name == \"baseline\")";
        var run = NotebookExecution.OfFile(copy, ["seeds=1"], [variant + ".Map", reference + ".Map", variant + ".Result.History[^1].LossCoarse",
            variant + ".Result.History[^1].EStepIterations"]);
        Assert.True(run.Succeeded, $"the edited notebook failed: {run.Json}\n{run.Process.Stderr}");
        Assert.Equal(run.Number(reference + ".Map"), run.Number(variant + ".Map"));   // the notebook's formula is what trained
        Assert.Equal(0, run.Number(variant + ".Result.History[^1].LossCoarse"));
        Assert.Equal(0, run.Number(variant + ".Result.History[^1].EStepIterations"));  // no E-step: the new method has none
    }
}
