using Dsch.Config;
using Dsch.Experiments;
using Dsch.Tests.TestSupport;
using Dsch.Training;

namespace Dsch.Tests.Experiments;

/// <summary><see cref="GridFolder"/> (a grid's resumable store) and <see cref="PresetOverrides"/>.</summary>
public class GridFolderTests
{
    const string Started = """{"formatVersion":2,"preset":"finetune","training":{"epochs":10,"loss":{"tau":0.3}},"bits":[32]}""";

    [Fact]
    public void RequireSameGrid_NamesTheFirstSettingThatDiffers_AndAcceptsTheSameOne()
    {
        using var folder = new TempDirectory();
        GridFolder.RequireSameGrid(folder.Path, Started, "--out");                                      // no grid yet: fine
        GridFolder.Open(folder.Path, Started);
        GridFolder.RequireSameGrid(folder.Path, Started, "--out");
        var error = Assert.Throws<InvalidInputException>(() =>
            GridFolder.RequireSameGrid(folder.Path, Started.Replace("0.3", "1.0"), "--out"));
        Assert.Contains("training.loss.tau: 0.3 then, 1.0 now", error.Message);
        var missing = Assert.Throws<InvalidInputException>(() =>
            GridFolder.RequireSameGrid(folder.Path, """{"formatVersion":2,"preset":"finetune","training":{"epochs":10,"loss":{"tau":0.3}},"bits":[32],"validation":true}""", "--out"));
        Assert.Contains("validation: unset then, true now", missing.Message);
    }

    [Fact]
    public void FinishedCell_RoundTrips_AndADamagedOneIsAnErrorNamingIt()
    {
        using var folder = new TempDirectory();
        var grid = GridFolder.Open(folder.Path, Started);
        Assert.Null(grid.Finished("dsch-32b-s0"));
        var row = new ResultRow("fashion-mnist", "single-label", 0, "dsch", 32, 0, "mAP@1000", 0.6512345678901234, "resnet18@32+finetune", "cpu", 12.5, "v", "abc");
        var cell = new CellResult("dsch", 32, 0, 12.5, 1, 10, 1.5, [row], [new CurvePoint("dsch", 32, 0, CurvePoint.AtN, 100, 0.7, 0.01)]);
        grid.Save(cell);
        var read = grid.Finished("dsch-32b-s0")!;
        Assert.Equal(row, Assert.Single(read.Rows));
        Assert.Equal(cell.Curves, read.Curves);
        File.WriteAllText(Path.Combine(folder.Path, "cells", "dsch-32b-s0.json"), "{\"method\": \"dsch\", ");
        var error = Assert.Throws<InvalidInputException>(() => grid.Finished("dsch-32b-s0"));
        Assert.Contains("dsch-32b-s0.json", error.Message);
        File.WriteAllText(Path.Combine(folder.Path, "cells", "dsch-32b-s0.json"), System.Text.Json.JsonSerializer.Serialize(cell with { Seed = 1 }));
        Assert.Throws<InvalidInputException>(() => grid.Finished("dsch-32b-s0"));            // a file that describes another cell
    }

    [Fact]
    public void Overrides_ReplaceWhatTheyName_AndADifferentBackboneDropsThePresetsWeights()
    {
        var paper = Presets.Get("cifar10") with { Features = Presets.Get("cifar10").Features with { Weights = "/data/vgg19.pth" } };
        var dry = new PresetOverrides(Backbone: "resnet18", InputSize: 32, Epochs: 1, Evaluation: EvaluationSchedule.EveryEpoch).ApplyTo(paper);
        Assert.Equal(("resnet18", (string?)null, 32), (dry.Features.Backbone, dry.Features.Weights, dry.Features.InputSize));
        Assert.Equal((1, EvaluationSchedule.EveryEpoch), (dry.Training.Epochs, dry.Training.Evaluation));
        Assert.Equal(paper.PrimaryMetric, dry.PrimaryMetric);
        Assert.Equal(paper.Training.Loss, dry.Training.Loss);
        Assert.Equal(paper, new PresetOverrides().ApplyTo(paper));
        Assert.Equal("/data/vgg19.pth", new PresetOverrides(Backbone: "vgg19").ApplyTo(paper).Features.Weights);
    }

    [Theory]
    [InlineData("alexnet", null, null, "--backbone")]
    [InlineData(null, 31, null, "--input-size")]
    [InlineData(null, 2048, null, "--input-size")]
    [InlineData(null, null, 0, "--epochs")]
    public void Overrides_OutOfRange_NameTheOption(string? backbone, int? size, int? epochs, string option)
    {
        var error = Assert.Throws<InvalidInputException>(() => new PresetOverrides(backbone, null, size, epochs).ApplyTo(Presets.Finetune()));
        Assert.StartsWith(option, error.Message);
    }

    [Fact]
    public void Finetune_IsThePapersSchedule_OnTheQuickPresetsChoices()
    {
        var finetune = Presets.Get("finetune");
        var quick = Presets.Quick();
        Assert.Equal(TrainingMode.Finetune, finetune.Training.Mode);
        Assert.Equal(EvaluationSchedule.LastEpoch, finetune.Training.Evaluation);
        Assert.Equal(Presets.Paper("cifar10").Training.Epochs, finetune.Training.Epochs);
        Assert.Equal(quick.Features, finetune.Features);                          // the classical methods reuse the quick cache
        // Without the quick preset's warm-up, which made no difference fine-tuned (Presets.QuickWarmupEpochs).
        // λ validated fine-tuned (Presets.FinetuneLambda).
        Assert.Equal(quick.Training with { Mode = TrainingMode.Finetune, Evaluation = EvaluationSchedule.LastEpoch, Mates = MateOptions.Default,
            Loss = quick.Training.Loss with { Lambda = Presets.FinetuneLambda } }, finetune.Training);
        Assert.Equal(EvaluationSchedule.LastEpoch, Presets.Paper("flickr25k").Training.Evaluation);
    }
}
