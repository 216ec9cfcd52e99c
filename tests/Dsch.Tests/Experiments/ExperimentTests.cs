using Dsch.Config;
using Dsch.Data;
using Dsch.Experiments;
using Dsch.Features;
using Dsch.Tests.TestSupport;
using Dsch.Training;
using static TorchSharp.torch;

namespace Dsch.Tests.Experiments;

/// <summary>
/// The experiment service (<see cref="Experiment"/>) the CLI and the notebooks share: the validation carve, the checks
/// before a cell starts, and a grid cell's run folder (resume only a checkpoint of the very same run).
/// </summary>
public class ExperimentTests
{
    static HashingDataset Squares(TempDirectory folder)
    {
        ExperimentFixtures.WriteColouredSquares(folder.Path);
        return DatasetCatalog.Open("imagelist", folder.Path, 0);
    }

    static RunConfig Config(int lambdaTenths) => new("imagelist", null, 0, Presets.Quick("imagelist").Features,
        Presets.Quick("imagelist").TrainingFor(8, 0) with { Loss = Presets.Quick("imagelist").Training.Loss with { Lambda = lambdaTenths / 10.0 } });

    [Fact]
    public void Validation_CarvesTheImagesAsValidationSplitDoes()
    {
        using var folder = new TempDirectory();
        var data = Squares(folder);
        var experiment = new Experiment(data, Presets.Quick("imagelist").Features, CPU, IExperimentLog.Silent, validation: true, splitSeed: 3);
        var expected = ValidationSplit.Carve(data, 3).Split;
        Assert.Equal(expected.Query, experiment.Data.Split.Query);
        Assert.Equal(expected.Train, experiment.Data.Split.Train);
        Assert.NotEqual(data.Split.Query, experiment.Data.Split.Query);
        Assert.Same(data, new Experiment(data, Presets.Quick("imagelist").Features, CPU, IExperimentLog.Silent).Data);
    }

    [Fact]
    public void AFrozenCellWithoutFeatures_AndABackboneBelowItsInputSize_AreRefusedBeforeTraining()
    {
        using var folder = new TempDirectory();
        var data = Squares(folder);
        var features = Presets.Quick("imagelist").Features;
        var experiment = new Experiment(data, features, CPU, IExperimentLog.Silent);
        Assert.Throws<ArgumentException>(() => experiment.Train(Presets.Quick("imagelist").TrainingFor(8, 0), features: null));
        var tiny = new Experiment(data, features with { InputSize = 16 }, CPU, IExperimentLog.Silent);
        var error = Assert.Throws<InvalidInputException>(() => tiny.LoadBackbone());
        Assert.StartsWith("--input-size: 16 px is below what resnet18 accepts", error.Message);
    }

    [Fact]
    public void ACellFolder_ResumesOnlyACheckpointOfTheSameRun()
    {
        using var folder = new TempDirectory();
        var run = Path.Combine(folder.Path, "runs", "dsch-8b-s0");
        Assert.False(Experiment.PrepareCellFolder(run, Config(1)));                      // new: config written
        Assert.Equal(Config(1).ToJson(), File.ReadAllText(Path.Combine(run, "config.json")));
        Assert.False(Experiment.PrepareCellFolder(run, Config(1)));                      // killed before its first checkpoint: starts afresh
        File.WriteAllText(Path.Combine(run, "checkpoint.json"), "{}");
        Assert.True(Experiment.PrepareCellFolder(run, Config(1)));                       // its checkpoint: continue
        Assert.True(File.Exists(Path.Combine(run, "checkpoint.json")));
        File.WriteAllText(Path.Combine(run, "epoch-0.bin"), "stale");
        Assert.False(Experiment.PrepareCellFolder(run, Config(3)));                      // another configuration: wiped, restarted
        Assert.Equal(["config.json"], Directory.GetFiles(run).Select(Path.GetFileName));
        Assert.Equal(Config(3).ToJson(), File.ReadAllText(Path.Combine(run, "config.json")));
    }
}
