using Dsch.Data;
using Dsch.Training;
using static TorchSharp.torch;

namespace Dsch.Tests.Training;

/// <summary>
/// The validation protocol carved from the training set: on images (fine-tuning) it holds out exactly the images it
/// holds out on cached features (frozen), so both modes are validated on the same queries.
/// </summary>
public class ValidationSplitTests
{
    [Fact]
    public void CarvedImages_AreTheImagesOfTheCarvedFeatures()
    {
        const int pooled = 60;
        var labels = LabelMatrix.FromClassIds(Enumerable.Range(0, pooled).Select(i => i % 3).ToArray(), 3);
        int[] train = Enumerable.Range(10, 40).Where(i => i % 4 != 0).ToArray();                     // 30 training images
        var split = new DatasetSplit("toy", "manual", 0, [.. Enumerable.Range(0, 10)], [.. Enumerable.Range(10, 50)], train, labels.ContentHash());
        var data = HashingDataset.InMemory("toy", ["a", "b", "c"], labels, new byte[pooled], 1, 1, 1, split);

        using var scope = NewDisposeScope();
        // Feature row k of the training set carries its dataset index, so the carved rows tell which images they are.
        var trainFeatures = tensor(train.Select(i => (float)i).ToArray()).reshape(-1, 1);           // (30, 1)
        var features = new FrozenFeatures(trainFeatures.unsqueeze(1).repeat(1, 2, 1), trainFeatures, trainFeatures, trainFeatures,
            labels.Select(train), labels.Select(train));
        var carvedFeatures = ValidationSplit.Carve(features, labels.Select(train), seed: 0);
        var carvedImages = ValidationSplit.Carve(data, seed: 0);

        int[] Indices(Tensor rows) => rows.squeeze(1).data<float>().Select(v => (int)v).ToArray();
        Assert.Equal(Indices(carvedFeatures.Query), carvedImages.Split.Query);
        Assert.Equal(Indices(carvedFeatures.Database), carvedImages.Split.Database);
        Assert.Equal(carvedImages.Split.Database, carvedImages.Split.Train);
        Assert.Equal(3, carvedImages.Split.Query.Length);                                        // 10 % of 30
        Assert.Empty(carvedImages.Split.Query.Intersect(carvedImages.Split.Train));
        Assert.Equal(train.Order(), carvedImages.Split.Query.Concat(carvedImages.Split.Train).Order());
        Assert.Equal(data.Labels, carvedImages.Labels);
    }
}
