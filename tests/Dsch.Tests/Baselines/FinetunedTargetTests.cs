using Dsch.Backbones;
using Dsch.Components;
using Dsch.Config;
using Dsch.Data;
using Dsch.Tests.TestSupport;
using Dsch.Tests.Training;
using Dsch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Tests.Baselines;

/// <summary>
/// Fine-tuned, a method whose loss reads features as a similarity target (BiHalf, GreedyHash) gets them from a frozen
/// copy of the pretrained backbone, as their sources do, not from the backbone being trained (whose features drift
/// with it); without that copy the trainer refuses to start.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class FinetunedTargetTests
{
    /// <summary>A backbone that records every output it gives.</summary>
    sealed class SpyBackbone : Backbone
    {
        readonly Backbone inner;
        public List<Tensor> Outputs { get; } = [];
        public List<bool> InTraining { get; } = [];

        public SpyBackbone(Backbone inner) : base(nameof(SpyBackbone))
        {
            this.inner = inner;
            RegisterComponents();
        }

        public override string Id => inner.Id;
        public override int FeatureDimension => inner.FeatureDimension;
        public override int MinimumInputSize => inner.MinimumInputSize;
        public override string Preprocessing => inner.Preprocessing;

        public override Tensor forward(Tensor images)
        {
            var output = inner.forward(images);
            Outputs.Add(output.detach().clone().DetachFromDisposeScope());
            InTraining.Add(training);
            return output;
        }
    }

    /// <summary>A probe that needs features and records those it is given.</summary>
    sealed class Probe : IHashingMethod
    {
        public List<Tensor> Seen { get; } = [];
        public List<bool> SeenGrad { get; } = [];
        public string Name => "probe";
        public bool NeedsComponents(int epoch) => false;
        public ComponentStructure Discover(Tensor H, long seed, Device device) => throw new InvalidOperationException();
        public bool NeedsFeatures => true;

        public MethodTerms Loss(MethodBatch batch)
        {
            Seen.Add(batch.Features!.clone().DetachFromDisposeScope());
            SeenGrad.Add(batch.Features!.requires_grad);
            return MethodTerms.From(DschLoss.Compute(batch.H, null, LossOptions.ContrastiveBaseline(0.3)));
        }
    }

    static TrainingOptions Options() => new(
        Bits: 8, Loss: LossOptions.ContrastiveBaseline(0.3), Components: new ComponentOptions { M1 = 4, M2 = 2 },
        Optimizer: OptimizerOptions.StandardAdam(1e-3), Epochs: 1, BatchSize: 6, Mode: TrainingMode.Finetune, TopK: [10, int.MaxValue]);

    [Fact]
    public void TheTarget_IsTheFrozenPretrainedBackbone_InEvalMode()
    {
        var data = FinetuneTrainerTests.TinyImages();
        using var backbone = BackboneCatalog.Create("resnet18");
        using var target = new SpyBackbone(BackboneCatalog.Create("resnet18"));
        var before = target.parameters().Select(p => p.detach().clone()).ToList();
        var probe = new Probe();
        new DschTrainer(Options(), CPU).TrainFinetune(data, backbone, 32, AugmentationOptions.Paper, method: probe, target: target);

        Assert.NotEmpty(probe.Seen);
        Assert.Equal(probe.Seen.Count, target.Outputs.Count);                 // one target pass per training step
        for (int i = 0; i < probe.Seen.Count; i++) Assert.True(probe.Seen[i].allclose(target.Outputs[i], 0, 0));
        Assert.All(probe.SeenGrad, Assert.False);
        Assert.All(target.InTraining, Assert.False);                          // eval mode: ImageNet's BN statistics
        Assert.False(target.IsTrainable);
        var after = target.parameters().ToList();
        for (int i = 0; i < before.Count; i++) Assert.True(before[i].allclose(after[i], 0, 0));   // never updated
        // The trained backbone moved away from it.
        Assert.Contains(backbone.parameters().Zip(after), pair => !pair.First.detach().allclose(pair.Second, 0, 0));
    }

    [Fact]
    public void WithoutATarget_AFeatureMethodIsRefused_BeforeTraining()
    {
        using var backbone = BackboneCatalog.Create("resnet18");
        var e = Assert.Throws<InvalidInputException>(() =>
            new DschTrainer(Options(), CPU).TrainFinetune(FinetuneTrainerTests.TinyImages(), backbone, 32, AugmentationOptions.Paper, method: new Probe()));
        Assert.Contains("frozen target", e.Message);
        Assert.True(DeepBaselinesNeedFeatures());
    }

    static bool DeepBaselinesNeedFeatures() =>
        DeepBaselines.Method("bihalf").NeedsFeatures && DeepBaselines.Method("greedyhash").NeedsFeatures
        && !DeepBaselines.Method("cibhash").NeedsFeatures && !((IHashingMethod)HashingMethods.Dsch(Options())).NeedsFeatures;
}
