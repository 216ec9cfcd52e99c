using Dsch.Components;
using Dsch.Data;
using Dsch.Tests.TestSupport;
using Dsch.Training;
using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Tests.Training;

/// <summary>The EM loop on small synthetic frozen features: 4 clusters of images, each with 3 noisy views.</summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class DschTrainerTests
{
    const int Classes = 4, PerClass = 30, D = 16, Views = 3;

    internal static FrozenFeatures Synthetic(int seed = 1)
    {
        var generator = new Generator((ulong)seed, device: CPU);
        using Scalar three = 3, viewNoise = 0.3f;
        var centres = randn([Classes, D], generator: generator).mul(three);                                // (C, D)
        Tensor Sample(int perClass) => centres.repeat_interleave(perClass, 0).add(randn([Classes * perClass, D], generator: generator), One).to(ScalarType.Float32);
        var train = Sample(PerClass);                                                                 // (N, D)
        var views = train.unsqueeze(1).add(randn([train.shape[0], Views, D], generator: generator).to(ScalarType.Float32).mul(viewNoise), One); // (N, V, D)
        var labels = Enumerable.Range(0, Classes).SelectMany(c => Enumerable.Repeat(c, 10)).ToArray();
        return new FrozenFeatures(views, train, Sample(10), Sample(10),
            LabelMatrix.FromClassIds(labels, Classes), LabelMatrix.FromClassIds(labels, Classes));
    }

    internal static TrainingOptions Options(int epochs = 3, long seed = 0) => new(
        Bits: 8,
        Loss: new LossOptions(Tau: 0.3, Lambda: 0.1),
        Components: new ComponentOptions { M1 = 8, M2 = 2, Covariance = CovarianceType.Diagonal, Normalize = true, MaxIter = 20 },
        Optimizer: OptimizerOptions.StandardAdam(1e-3),
        Epochs: epochs, BatchSize: 8, Seed: seed, TopK: [20, int.MaxValue]);

    [Fact]
    public void SameSeed_GivesBitIdenticalCodes_OnCpu()
    {
        var a = new DschTrainer(Options(), CPU).TrainFrozen(Synthetic());
        var b = new DschTrainer(Options(), CPU).TrainFrozen(Synthetic());
        Assert.Equal(a.QueryCodes, b.QueryCodes);
        Assert.Equal(a.DatabaseCodes, b.DatabaseCodes);
        var c = new DschTrainer(Options(seed: 1), CPU).TrainFrozen(Synthetic());
        Assert.NotEqual(a.QueryCodes, c.QueryCodes);
    }

    [Fact]
    public void Training_RecordsEveryEpoch_AndRetrievesClustersWell()
    {
        var result = new DschTrainer(Options(epochs: 4), CPU).TrainFrozen(Synthetic());
        Assert.Equal(4, result.History.Count);
        Assert.All(result.History, e =>
        {
            Assert.True(double.IsFinite(e.LossTotal) && e.LossTotal > 0);
            Assert.True(e.LossFine > 0 && e.LossCoarse > 0 && e.LossInstance > 0);
            Assert.True(e.EStepIterations >= 1);
        });
        Assert.True(result.Final.MapAtK["all"] > 0.8, $"mAP@all {result.Final.MapAtK["all"]}");
    }

    [Fact]
    public void CrashMidEpoch_ThenResume_EndsWithTheCodesOfAnUninterruptedRun()
    {
        using var folder = new TempDirectory();
        var uninterrupted = new DschTrainer(Options(epochs: 3), CPU).TrainFrozen(Synthetic());

        var crashing = new DschTrainer(Options(epochs: 3), CPU, folder.Path, new CrashAt(epoch: 1, step: 5));
        Assert.Throws<SimulatedCrash>(() => crashing.TrainFrozen(Synthetic()));
        Assert.True(Checkpoint.Exists(folder.Path));

        var resumed = new DschTrainer(Options(epochs: 3), CPU, folder.Path).TrainFrozen(Synthetic(), resume: true);
        Assert.Equal(uninterrupted.QueryCodes, resumed.QueryCodes);
        Assert.Equal(uninterrupted.DatabaseCodes, resumed.DatabaseCodes);
        Assert.Equal(3, resumed.History.Count);
        Assert.Equal(3, MetricsLog.Read(folder.Path).Count);
        Assert.True(File.Exists(Path.Combine(folder.Path, "query_codes.npy")));
    }

    [Fact]
    public void NonFiniteLoss_StopsWithAClearError_AndKeepsTheLastCheckpoint()
    {
        using var folder = new TempDirectory();
        new DschTrainer(Options(epochs: 1), CPU, folder.Path).TrainFrozen(Synthetic());
        var bad = Options(epochs: 2) with { Loss = new LossOptions(Tau: 1e-300, Lambda: 0.1) };
        var error = Assert.Throws<TrainingDivergedException>(() => new DschTrainer(bad, CPU, folder.Path).TrainFrozen(Synthetic(), resume: true));
        Assert.Contains("epoch 1", error.Message);
        Assert.Single(MetricsLog.Read(folder.Path)); // the good epoch is still the checkpoint
    }

    [Fact]
    public void ContrastiveBaseline_NeedsNoEStep()
    {
        var options = Options(epochs: 2) with { Loss = LossOptions.ContrastiveBaseline(0.3) };
        var result = new DschTrainer(options, CPU).TrainFrozen(Synthetic());
        Assert.All(result.History, e => Assert.Equal(0, e.EStepIterations));
        Assert.All(result.History, e => Assert.Equal(0.0, e.LossFine));
    }

    sealed class SimulatedCrash : Exception;

    /// <summary>Throws from the progress callback at a given step: the process "dies" mid-epoch.</summary>
    sealed class CrashAt(int epoch, int step) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
        {
            if (p.Epoch == epoch && p.Phase == TrainingPhase.MStep && p.Step >= step) throw new SimulatedCrash();
        }
    }
}
