using Dsch.Backbones;
using Dsch.Components;
using Dsch.Config;
using Dsch.Data;
using Dsch.Tests.TestSupport;
using Dsch.Training;
using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Tests.Training;

/// <summary>
/// The method seam (<see cref="IHashingMethod"/>): a method written as a lambda trains exactly like the built-in one,
/// a different formula trains different codes, and a method's bad output stops training with one line, writing nothing.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class HashingMethodTests
{
    static readonly Scalar Half = 0.5.ToScalar(), NaN = double.NaN.ToScalar();

    /// <summary>DSCH with the readings that reach the loss through the trainer: warm-up, softened S, memory.</summary>
    static TrainingOptions WithReadings() => DschTrainerTests.Options(epochs: 3) with
    {
        Mates = new MateOptions(STemperature: 2, MateMemory: true, Warmup: 1),
    };

    /// <summary>DSCH written as a notebook cell would: its loss and E-step as functions.</summary>
    static IHashingMethod DschAsLambda(TrainingOptions options, string name = "lambda-dsch")
    {
        var dsch = HashingMethods.Dsch(options);
        return HashingMethods.FromLoss(name,
            batch => MethodTerms.From(DschLoss.Compute(batch.H, batch.Components, dsch.LossIn(batch.Epoch), batch.Memory)),
            HashingMethods.DschEStep(options.Components), options.Mates);
    }

    [Fact]
    public void LambdaCallingDschLoss_TrainsTheBuiltInsCodes_BitForBit()
    {
        var options = WithReadings();
        var builtIn = new DschTrainer(options, CPU).TrainFrozen(DschTrainerTests.Synthetic());
        var lambda = new DschTrainer(options, CPU).TrainFrozen(DschTrainerTests.Synthetic(), method: DschAsLambda(options));
        Assert.Equal(builtIn.QueryCodes, lambda.QueryCodes);
        Assert.Equal(builtIn.DatabaseCodes, lambda.DatabaseCodes);
        Assert.Equal(builtIn.History.Select(h => h.LossFine), lambda.History.Select(h => h.LossFine));
    }

    [Fact]
    public void BaselineInstance_TrainsTheCodesOfTheBaselineSwitch()
    {
        var options = WithReadings();
        var switched = new DschTrainer(TrainingSwitches.Parse("baseline", "test")(options), CPU).TrainFrozen(DschTrainerTests.Synthetic());
        var instance = new DschTrainer(options, CPU).TrainFrozen(DschTrainerTests.Synthetic(),
            method: HashingMethods.ContrastiveBaseline(options.Loss.Tau));
        Assert.Equal(switched.QueryCodes, instance.QueryCodes);
        Assert.All(instance.History, e => Assert.Equal(0, e.EStepIterations));
    }

    /// <summary>A method as a notebook's small class: NT-Xent written against the interface, no E-step, default readings.</summary>
    sealed class PlainNtXent(double tau) : IHashingMethod
    {
        public string Name => "plain-nt-xent";
        public bool NeedsComponents(int epoch) => false;
        public ComponentStructure Discover(Tensor H, long seed, Device device) => throw new InvalidOperationException("no E-step");
        public MethodTerms Loss(MethodBatch batch)
        {
            var terms = DschLoss.Compute(batch.H, null, LossOptions.ContrastiveBaseline(tau));
            return MethodTerms.Of(terms.Total, (MethodTerms.Instance, terms.Instance));
        }
    }

    [Fact]
    public void ASmallClass_TrainsLikeTheBuiltInBaseline()
    {
        var options = DschTrainerTests.Options(epochs: 2);
        var builtIn = new DschTrainer(options, CPU).TrainFrozen(DschTrainerTests.Synthetic(), method: HashingMethods.ContrastiveBaseline(options.Loss.Tau));
        var own = new DschTrainer(options, CPU).TrainFrozen(DschTrainerTests.Synthetic(), method: new PlainNtXent(options.Loss.Tau));
        Assert.Equal(builtIn.QueryCodes, own.QueryCodes);
        Assert.All(own.History, e => Assert.True(double.IsNaN(e.Diagnostics!.OtherImageShare)));   // a diagnostic it never reported
    }

    [Fact]
    public void ADifferentFormula_TrainsDifferentCodes()
    {
        var options = DschTrainerTests.Options(epochs: 2);
        var dsch = new DschTrainer(options, CPU).TrainFrozen(DschTrainerTests.Synthetic());
        // Coarse-only instance term: S = P2·P2ᵀ (the coarse level) instead of P1·P1ᵀ, no component terms.
        var coarseOnly = HashingMethods.FromLoss("coarse-s", batch =>
        {
            var p2 = batch.Components!.P2;                                                    // (2B, m2)
            var coarse = batch.Components with { Cooccurrence = p2.matmul(p2.t()) };          // (2B, 2B)
            var terms = DschLoss.Compute(batch.H, coarse, options.Loss with { Lambda = 0 });
            return MethodTerms.Of(terms.Total, (MethodTerms.Instance, terms.Instance), ("L_ic with S from P2", terms.Instance));
        }, HashingMethods.DschEStep(options.Components));
        var variant = new DschTrainer(options, CPU).TrainFrozen(DschTrainerTests.Synthetic(), method: coarseOnly);
        Assert.NotEqual(dsch.QueryCodes, variant.QueryCodes);
        Assert.All(variant.History, e => Assert.Equal(0.0, e.LossFine));
        Assert.All(variant.History, e => Assert.Equal(e.LossInstance, e.Terms!["L_ic with S from P2"]));   // a method's own term names reach the history
    }

    static Exception FailsWritingNothing(IHashingMethod method)
    {
        using var folder = new TempDirectory();
        var error = Record.Exception(() => new DschTrainer(DschTrainerTests.Options(epochs: 2), CPU, folder.Path)
            .TrainFrozen(DschTrainerTests.Synthetic(), method: method));
        Assert.NotNull(error);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    static IHashingMethod Loss(Func<MethodBatch, MethodTerms> loss) => HashingMethods.FromLoss("bad", loss);

    static Tensor NtXent(MethodBatch batch) => DschLoss.Compute(batch.H, null, LossOptions.ContrastiveBaseline(0.3)).Total;

    [Fact]
    public void ALossReturningNaN_StopsNamingEpochStepAndTerm()
    {
        var error = FailsWritingNothing(Loss(b => MethodTerms.Of(NtXent(b), ("mine", NtXent(b).mul(full(1, NaN).squeeze())))));
        Assert.IsType<TrainingDivergedException>(error);
        Assert.Contains("term 'mine' is NaN at epoch 0, step 0", error.Message);
    }

    [Fact]
    public void ALossOfTheWrongShape_StopsNamingTheShape()
    {
        var error = FailsWritingNothing(Loss(b => b.H.pow(Two).sum(1)));                     // (2B), not a scalar
        Assert.IsType<InvalidInputException>(error);
        Assert.Contains("method 'bad', epoch 0, step 0: the loss has shape (16)", error.Message);
    }

    [Fact]
    public void ATermWithoutGradient_Stops()
    {
        var error = FailsWritingNothing(Loss(b => MethodTerms.Of(NtXent(b), ("detached", NtXent(b).detach()))));
        Assert.IsType<InvalidInputException>(error);
        Assert.Contains("term 'detached' has no gradient", error.Message);
        var total = FailsWritingNothing(Loss(b => NtXent(b).detach()));
        Assert.Contains("the loss (total) has no gradient", total.Message);
    }

    [Fact]
    public void ALossThatThrows_StopsWithItsMessage_AndTheNextRunTrains()
    {
        var error = FailsWritingNothing(Loss(b => b.Step == 0 ? throw new KeyNotFoundException("no such term") : NtXent(b)));
        Assert.IsType<InvalidInputException>(error);
        Assert.Contains("method 'bad', epoch 0, step 0: KeyNotFoundException: no such term", error.Message);
        // The "kernel" is still usable: a good method trains afterwards.
        var result = new DschTrainer(DschTrainerTests.Options(epochs: 1), CPU).TrainFrozen(DschTrainerTests.Synthetic(), method: Loss(b => NtXent(b)));
        Assert.True(double.IsFinite(result.History[0].LossTotal));
    }

    [Fact]
    public void AnEStepWhosePosteriorsDoNotSumToOne_Stops()
    {
        var options = DschTrainerTests.Options(epochs: 2) with { Components = DschTrainerTests.Options().Components with { Normalize = false } };
        var halved = HashingMethods.FromLoss("halved", b => NtXent(b), (H, seed, device) =>
        {
            var s = EStep.Discover(H, options.Components, seed, device);
            return s.WithPosteriors(s.P1.mul(Half));
        });
        var error = FailsWritingNothing(halved);
        Assert.IsType<InvalidInputException>(error);
        Assert.Matches(@"method 'halved', epoch 0, E-step: P1 row \d+ sums to 0\.5, not 1", error.Message);
    }

    [Fact]
    public void AnEStepOfTheWrongSize_Stops()
    {
        var options = DschTrainerTests.Options();
        var fewer = HashingMethods.FromLoss("fewer", b => NtXent(b),
            (H, seed, device) => EStep.Discover(H.narrow(0, 0, H.shape[0] - 1), options.Components, seed, device));
        var error = FailsWritingNothing(fewer);
        Assert.Contains("E-step: P1 has shape (119, 8), expected (120, 8)", error.Message);
    }

    [Fact]
    public void AFailureInALaterEpoch_KeepsOnlyTheCompleteEarlierEpochs()
    {
        using var folder = new TempDirectory();
        var late = Loss(b => b.Epoch == 1 && b.Step == 2 ? throw new InvalidOperationException("late") : NtXent(b));
        var error = Assert.Throws<InvalidInputException>(() => new DschTrainer(DschTrainerTests.Options(epochs: 3), CPU, folder.Path)
            .TrainFrozen(DschTrainerTests.Synthetic(), method: late));
        Assert.Contains("epoch 1, step 2", error.Message);
        Assert.Single(MetricsLog.Read(folder.Path));
        Assert.True(Checkpoint.Exists(folder.Path));
        Assert.False(File.Exists(Path.Combine(folder.Path, "query_codes.npy")));
    }

    [Fact]
    public void Finetuned_ALambdaMethodTrainsTheBuiltInsCodes()
    {
        var options = new TrainingOptions(
            Bits: 8, Loss: new LossOptions(Tau: 0.3), Components: new ComponentOptions { M1 = 4, M2 = 2, Covariance = CovarianceType.Diagonal, MaxIter = 10 },
            Optimizer: OptimizerOptions.StandardAdam(1e-4), Epochs: 1, BatchSize: 6, Mode: TrainingMode.Finetune, TopK: [10, int.MaxValue]);
        var data = FinetuneTrainerTests.TinyImages();
        TrainingResult Train(IHashingMethod? method)
        {
            using var backbone = BackboneCatalog.Create("resnet18");
            return new DschTrainer(options, CPU).TrainFinetune(data, backbone, 32, AugmentationOptions.Paper, method: method);
        }
        Assert.Equal(Train(null).QueryCodes, Train(DschAsLambda(options)).QueryCodes);
    }
}
