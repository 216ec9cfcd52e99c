using Dsch.Backbones;
using Dsch.Components;
using Dsch.Data;
using Dsch.Training;
using Dsch.Tests.TestSupport;
using static TorchSharp.torch;

namespace Dsch.Tests.Training;

/// <summary>Fine-tuning mode end to end on a tiny in-memory image set with the real pretrained ResNet-18.</summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class FinetuneTrainerTests
{
    internal static HashingDataset TinyImages()
    {
        const int classes = 2, perClass = 20, side = 32;
        var random = new Random(3);
        var pixels = new byte[classes * perClass * side * side * 3];
        var ids = new int[classes * perClass];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = i / perClass;
            for (int p = 0; p < side * side; p++)
            {
                // Class 0: bright red-ish squares, class 1: dark blue-ish squares, with noise.
                int y = p / side, x = p % side;
                bool inside = x is > 6 and < 26 && y is > 6 and < 26;
                pixels[(i * side * side + p) * 3 + 0] = (byte)Math.Clamp((ids[i] == 0 && inside ? 220 : 40) + random.Next(-20, 20), 0, 255);
                pixels[(i * side * side + p) * 3 + 1] = (byte)Math.Clamp(60 + random.Next(-20, 20), 0, 255);
                pixels[(i * side * side + p) * 3 + 2] = (byte)Math.Clamp((ids[i] == 1 && inside ? 220 : 40) + random.Next(-20, 20), 0, 255);
            }
        }
        var labels = LabelMatrix.FromClassIds(ids, classes);
        int[] query = [0, 1, 20, 21], database = Enumerable.Range(0, 40).Except(query).ToArray();
        var split = new DatasetSplit("tiny", "test", 0, query, database, database.Take(36).ToArray(), labels.ContentHash());
        return HashingDataset.InMemory("tiny", ["red", "blue"], labels, pixels, side, side, 3, split);
    }

    [Fact]
    public void Finetune_TrainsBackboneAndHead_AndIsDeterministic()
    {
        var options = new TrainingOptions(
            Bits: 8, Loss: new LossOptions(Tau: 0.3), Components: new ComponentOptions { M1 = 4, M2 = 2, Covariance = CovarianceType.Diagonal, MaxIter = 10 },
            Optimizer: OptimizerOptions.StandardAdam(1e-4), Epochs: 2, BatchSize: 6, Mode: TrainingMode.Finetune, TopK: [10, int.MaxValue]);
        var data = TinyImages();
        TrainingResult Train()
        {
            using var backbone = BackboneCatalog.Create("resnet18");
            var before = backbone.parameters().First().detach().clone();
            var result = new DschTrainer(options, CPU).TrainFinetune(data, backbone, 32, AugmentationOptions.Paper);
            Assert.False(before.equal(backbone.parameters().First()).all().item<bool>(), "the backbone must be trained too");
            return result;
        }
        var a = Train();
        var b = Train();
        Assert.Equal(2, a.History.Count);
        Assert.All(a.History, e => Assert.True(double.IsFinite(e.LossTotal)));
        Assert.Equal(a.QueryCodes, b.QueryCodes);
        Assert.Equal(4 * 8, a.QueryCodes.Length);
    }
}
