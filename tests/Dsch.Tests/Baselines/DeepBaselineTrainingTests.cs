using Dsch.Config;
using Dsch.Tests.TestSupport;
using Dsch.Tests.Training;
using Dsch.Training;
using static TorchSharp.torch;

namespace Dsch.Tests.Baselines;

/// <summary>
/// The deep baselines through the trainer on synthetic features: the seam hands a method the batch's features (the
/// cached rows, without gradient) and trains the method's own head; each baseline trains, and the same seed gives
/// the same codes.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class DeepBaselineTrainingTests
{
    [Fact]
    public void FrozenMode_PassesTheRowsCachedFeatures_WithoutGradient()
    {
        var seen = new List<(long Rows, long Dims, bool Grad)>();
        var method = HashingMethods.FromLoss("probe", batch =>
        {
            seen.Add((batch.Features!.shape[0], batch.Features.shape[1], batch.Features.requires_grad));
            return DschLoss.Compute(batch.H, null, LossOptions.ContrastiveBaseline(0.3)).Total;
        });
        var features = DschTrainerTests.Synthetic();
        var options = DschTrainerTests.Options(epochs: 1);
        new DschTrainer(options, CPU).TrainFrozen(features, method: method);
        Assert.NotEmpty(seen);
        Assert.All(seen, s => Assert.Equal((2L * options.BatchSize, features.Dimension, false), s));
    }

    [Theory]
    [InlineData("cibhash")]
    [InlineData("bihalf")]
    [InlineData("greedyhash")]
    public void EachBaseline_Trains_AndTheSameSeedGivesTheSameCodes(string name)
    {
        var options = DeepBaselines.Schedule(name, DschTrainerTests.Options(epochs: 1), epochs: 2) with { BatchSize = 8 };
        var a = new DschTrainer(options, CPU).TrainFrozen(DschTrainerTests.Synthetic(), method: DeepBaselines.Method(name));
        var b = new DschTrainer(options, CPU).TrainFrozen(DschTrainerTests.Synthetic(), method: DeepBaselines.Method(name));
        Assert.Equal(a.QueryCodes, b.QueryCodes);
        Assert.Equal(2, a.History.Count);
        Assert.All(a.History, h => Assert.True(double.IsFinite(h.LossTotal)));
        Assert.True(a.History[^1].Terms is { Count: >= 1 });
    }

    [Fact]
    public void ABaselineResumedFromItsCheckpoint_EndsWithTheUninterruptedCodes()
    {
        var two = DeepBaselines.Schedule("greedyhash", DschTrainerTests.Options(), epochs: 2) with { BatchSize = 8 };
        var uninterrupted = new DschTrainer(two, CPU).TrainFrozen(DschTrainerTests.Synthetic(), method: DeepBaselines.Method("greedyhash"));
        using var folder = new TempDirectory();
        new DschTrainer(two with { Epochs = 1 }, CPU, folder.Path).TrainFrozen(DschTrainerTests.Synthetic(), method: DeepBaselines.Method("greedyhash"));
        var resumed = new DschTrainer(two, CPU, folder.Path).TrainFrozen(DschTrainerTests.Synthetic(), resume: true, method: DeepBaselines.Method("greedyhash"));
        Assert.Equal(uninterrupted.QueryCodes, resumed.QueryCodes);
        Assert.Equal(uninterrupted.DatabaseCodes, resumed.DatabaseCodes);
    }

    [Fact]
    public void Schedule_InFrozenMode_IsTheSourcesOwn_AndAnExplicitEpochCountWins()
    {
        var preset = DschTrainerTests.Options() with { Bits = 16 };
        var cib = DeepBaselines.Schedule("cibhash", preset);
        Assert.Equal((64, 80, 1e-3), (cib.BatchSize, cib.Epochs, cib.Optimizer.Lr));
        Assert.Equal(OptimizerVariant.Standard, cib.Optimizer.Variant);
        Assert.Equal(5, DeepBaselines.Schedule("greedyhash", preset, epochs: 5).Epochs);
        // BiHalf and GreedyHash: their sources' SGD (momentum 0.9, weight decay 5e-4, lr 1e-4); BiHalf ×0.1 every 120 epochs.
        var bihalf = DeepBaselines.Schedule("bihalf", preset).Optimizer;
        Assert.Equal((OptimizerVariant.Sgd, 1e-4, 0.9, 5e-4, 120, 0.1), (bihalf.Variant, bihalf.Lr, bihalf.Momentum, bihalf.WeightDecay, bihalf.DecayEveryEpochs, bihalf.DecayRate));
        Assert.Equal(1e-5, bihalf.PerStep(157).LearningRateAt(120 * 157), 1e-18);
        Assert.Equal(1e-4, bihalf.PerStep(157).LearningRateAt(120 * 157 - 1), 1e-18);
        var greedy = DeepBaselines.Schedule("greedyhash", preset).Optimizer;
        Assert.Equal((OptimizerVariant.Sgd, 1e-4, 0.9, 5e-4, 0), (greedy.Variant, greedy.Lr, greedy.Momentum, greedy.WeightDecay, greedy.DecayEveryEpochs));
        Assert.Equal(1e-4, greedy.LearningRateAt(1_000_000));
        var finetune = preset with { Mode = TrainingMode.Finetune };
        Assert.Equal((finetune.BatchSize, finetune.Epochs), (DeepBaselines.Schedule("bihalf", finetune).BatchSize, DeepBaselines.Schedule("bihalf", finetune).Epochs));
        Assert.Equal(finetune.Optimizer, DeepBaselines.Schedule("greedyhash", finetune).Optimizer);   // fine-tuned: the preset's Adam
    }
}
