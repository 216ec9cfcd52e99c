using Dsch.Backbones;
using Dsch.Components;
using Dsch.Data;
using Dsch.Tests.TestSupport;
using Dsch.Training;
using static TorchSharp.torch;

namespace Dsch.Tests.Training;

/// <summary>Fine-tuning a backbone with dropout (VGG's classifier) gives the same codes for the same seed.</summary>
[Collection(GlobalGeneratorCollection.Name)]
[Trait(TestCategory.Key, TestCategory.Slow)]
public class DropoutDeterminismTests
{
    [Fact]
    public void FinetuneWithDropout_SameSeed_GivesIdenticalCodes()
    {
        var options = new TrainingOptions(
            Bits: 8, Loss: new LossOptions(Tau: 0.3), Components: new ComponentOptions { M1 = 4, M2 = 2, Covariance = CovarianceType.Diagonal, MaxIter = 10 },
            Optimizer: OptimizerOptions.StandardAdam(1e-4), Epochs: 2, BatchSize: 6, Mode: TrainingMode.Finetune, TopK: [10, int.MaxValue]);
        var data = FinetuneTrainerTests.TinyImages();
        using var initial = new Vgg(16, widthDivisor: 4);                       // one random start for both runs
        TrainingResult Train()
        {
            using var backbone = new Vgg(16, widthDivisor: 4);
            using (no_grad())
                foreach (var (target, source) in backbone.parameters().Zip(initial.parameters())) target.copy_(source);
            return new DschTrainer(options, CPU).TrainFinetune(data, backbone, 32, AugmentationOptions.Paper);
        }
        var a = Train();
        // Draws from the process-wide generator between the runs, as other code in the process would.
        using (var unrelated = rand(1000)) { }
        var b = Train();
        Assert.Equal(a.QueryCodes, b.QueryCodes);
        Assert.Equal(a.DatabaseCodes, b.DatabaseCodes);
    }
}
