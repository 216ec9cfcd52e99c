using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Notebooks;

/// <summary>
/// The notebooks' <c>dataset</c> parameter on datasets other than the embedded one, read by the real readers from files
/// in their real formats (Fashion-MNIST pictures written as CIFAR-10 binary batches and as a FLICKR25K multi-label list).
/// Each test runs against a sandbox repository root (<c>DSCH_ROOT</c>): its <c>data/raw/</c>, generated split file and
/// feature cache stay out of the checkout.
/// </summary>
[Collection(NotebookCollection.Name)]
[Trait(TestCategory.Key, TestCategory.Slow)]
public class NotebookDatasetTests
{
    static Dictionary<string, string> Sandbox(TempDirectory root)
    {
        Directory.CreateDirectory(Path.Combine(root.Path, "data", "splits"));
        return new() { ["DSCH_ROOT"] = root.Path, ["DSCH_DATA"] = "" };
    }

    [Fact]
    public void Cifar10_FromBinaryBatches_RunsDataFeaturesAndTraining()
    {
        using var root = new TempDirectory();
        var environment = Sandbox(root);
        var folder = Path.Combine(root.Path, "data", "raw", "cifar10");
        NotebookDatasets.WriteCifar10(folder);

        var data = NotebookExecution.Succeeding("01_data_and_features", ["dataset=cifar10"],
            ["data.Data.Name", "data.Data.Split.Protocol", "data.Data.ClassNames[9]", "features.Dimension"], environment);
        Assert.Equal("cifar10", data.Text("data.Data.Name"));
        Assert.Equal("single-label-quick", data.Text("data.Data.Split.Protocol"));
        Assert.Equal("truck", data.Text("data.Data.ClassNames[9]"));   // CIFAR-10's names, from the CIFAR reader
        Assert.Equal(512, data.Number("features.Dimension"));
        Assert.Contains($"cifar10: using {folder}", data.Executed);
        Assert.Contains("data:image/png;base64,", data.Executed);      // the montage

        var training = NotebookExecution.Succeeding("03_training", ["dataset=cifar10"], ["run.Map", "run.Result.History.Count"], environment);
        Assert.Equal(NotebookExecution.NotebookEpochs, training.Number("run.Result.History.Count"));
        Assert.InRange(training.Number("run.Map"), 0.2, 1.0);          // Fashion-MNIST pictures: far above chance (0.1)
    }

    [Fact]
    public void Flickr25k_FromAMultiLabelList_TrainsWithMultiLabelRelevance()
    {
        using var root = new TempDirectory();
        var environment = Sandbox(root);
        NotebookDatasets.WriteMultiLabelList(Path.Combine(root.Path, "data", "raw", "flickr25k"));

        var run = NotebookExecution.Succeeding("03_training", ["dataset=flickr25k"],
            ["data.Data.Split.Protocol", "data.Data.Labels.Classes", "data.Preset.PrimaryTopK", "run.Map", "run.Result.History.Count"], environment);
        Assert.Equal("flickr25k-quick", run.Text("data.Data.Split.Protocol"));
        Assert.Equal(24, run.Number("data.Data.Labels.Classes"));
        Assert.Equal(5000, run.Number("data.Preset.PrimaryTopK"));      // multi-label protocol: mAP@5000
        Assert.Equal(NotebookExecution.NotebookEpochs, run.Number("run.Result.History.Count"));
        Assert.InRange(run.Number("run.Map"), 0.3, 1.0);
    }

    [Fact]
    public void FashionOutfits_ComponentsFollowTheOutfits_AndTheDataAndTrainingNotebooksRun()
    {
        // Generated from the Debian Fashion-MNIST files with the committed split: the real checkout, no sandbox.
        var components = NotebookExecution.Succeeding("02_semantic_components", ["dataset=fashion-outfits"],
            ["data.Data.Split.Protocol", "data.Data.Labels.IsSingleLabel", "fineVsItems.Purity", "fineVsItems.ShuffledPurity",
             "coarseVsGroups.Columns.Count", "coarseVsGroups.Purity", "coarseVsGroups.ShuffledPurity",
             "cooccurrence.Images.Length", "cooccurrence.Correlation"]);
        Assert.Equal("False", components.Text("data.Data.Labels.IsSingleLabel"));
        Assert.Equal("outfits-quick", components.Text("data.Data.Split.Protocol"));
        double fine = components.Number("fineVsItems.Purity"), fineShuffled = components.Number("fineVsItems.ShuffledPurity");
        Assert.True(fine > fineShuffled + 0.05, $"fine purity {fine} vs shuffled {fineShuffled}");
        Assert.Equal(4, components.Number("coarseVsGroups.Columns.Count"));          // tops, bottoms/dresses, footwear, bag
        double coarse = components.Number("coarseVsGroups.Purity"), coarseShuffled = components.Number("coarseVsGroups.ShuffledPurity");
        // Every outfit template wears footwear, so purity and its shuffled level both reach at least footwear's share:
        // the per-label purity of coarse components against the groups is saturated on this benchmark.
        Assert.True(coarse >= 0.9 && coarseShuffled >= 0.9, $"coarse purity {coarse} vs shuffled {coarseShuffled}");
        Assert.Equal(40, components.Number("cooccurrence.Images.Length"));
        Assert.InRange(components.Number("cooccurrence.Correlation"), 0.0, 1.0);      // S follows the shared items, if weakly
        Assert.Contains("label overlap", components.Executed);                          // the S-vs-labels heatmaps
        Assert.Matches(@"fine component \d+: \d+ images, most shown ", components.Executed);   // the labelled montages
        Assert.Contains("data:image/png;base64,", components.Executed);

        var data = NotebookExecution.Succeeding("01_data_and_features", ["dataset=fashion-outfits"], ["data.Data.Name", "features.Dimension"]);
        Assert.Equal("fashion-outfits", data.Text("data.Data.Name"));
        Assert.Equal(512, data.Number("features.Dimension"));

        var training = NotebookExecution.Succeeding("03_training", ["dataset=fashion-outfits"], ["data.Preset.PrimaryTopK", "run.Map", "run.Result.History.Count"]);
        Assert.Equal(5000, training.Number("data.Preset.PrimaryTopK"));                // multi-label protocol: mAP@5000
        Assert.Equal(NotebookExecution.NotebookEpochs, training.Number("run.Result.History.Count"));
        Assert.InRange(training.Number("run.Map"), 0.3, 1.0);
    }

    [Fact]
    public void MissingDataset_TheCellAfterTheParameters_SaysWhatToGetAndWhereItLooked()
    {
        using var root = new TempDirectory();
        var environment = Sandbox(root);

        var run = NotebookExecution.Of("01_data_and_features", ["dataset=cifar10"], [], environment);
        Assert.False(run.Succeeded);
        Assert.Equal(7, run.Json.GetProperty("failedCell").GetInt32());  // the data cell, after the check printed its message
        Assert.Contains("cifar10 is not installed", run.Executed);
        Assert.Contains("data_batch_1.bin", run.Executed);
        Assert.Contains(Path.Combine(root.Path, "data", "raw", "cifar10"), run.Executed);
    }
}
