using Dsch.Data;
using Dsch.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;

namespace Dsch.Tests.Data;

public class ImagePipelineTests
{
    static readonly SplitProtocol Tiny = new("tiny", true, 2, 3);

    static (TempDirectory Data, TempDirectory Splits, HashingDataset Dataset) Cifar()
    {
        var data = new TempDirectory();
        var splits = new TempDirectory();
        DataFixtures.WriteCifarBinary(data.Path, 10);
        return (data, splits, DatasetCatalog.Open("cifar10", data.Path, 0, splits.Path, Tiny));
    }

    [Fact]
    public void ToTensor_GivesNchwFloatsInUnitRange_WithoutNormalisation()
    {
        using var scope = torch.NewDisposeScope();
        using var white = new Image<Rgb24>(10, 6, new Rgb24(255, 255, 255));
        using var red = new Image<Rgb24>(3, 3, new Rgb24(255, 0, 0));
        var batch = ImagePipeline.ToTensor([white, red], 8);
        Assert.Equal(new long[] { 2, 3, 8, 8 }, batch.shape);
        Assert.Equal(torch.ScalarType.Float32, batch.dtype);
        Assert.Equal(1f, batch[0].min().item<float>(), 5);
        Assert.Equal(1f, batch[1, 0].min().item<float>(), 5);
        Assert.Equal(0f, batch[1, 1].max().item<float>(), 5);
        Assert.Equal((10, 6), (white.Width, white.Height)); // inputs untouched
    }

    [Fact]
    public void LoadBatch_WithoutAugmentation_KeepsThePixelsAtNativeSize()
    {
        var (data, splits, dataset) = Cifar();
        using (data) using (splits)
        {
            using var scope = torch.NewDisposeScope();
            var batch = ImagePipeline.LoadBatch(dataset, [16], 32, null, 0, 0, 0);
            int k = 2 * 32 + 5;
            Assert.Equal(DataFixtures.Pixel(16, k) / 255f, batch[0, 0, 2, 5].item<float>(), 6);
            Assert.Equal(DataFixtures.Pixel(16, 2048 + k) / 255f, batch[0, 2, 2, 5].item<float>(), 6);
        }
    }

    [Fact]
    public void Augmentation_DependsOnSeedIndexEpochAndView_NotOnBatchOrder()
    {
        var (data, splits, dataset) = Cifar();
        using (data) using (splits)
        {
            using var scope = torch.NewDisposeScope();
            var augment = AugmentationOptions.Paper;
            var forward = ImagePipeline.LoadBatch(dataset, [3, 7, 11], 24, augment, 5, 2, 0);
            var backward = ImagePipeline.LoadBatch(dataset, [11, 7, 3], 24, augment, 5, 2, 0);
            var alone = ImagePipeline.LoadBatch(dataset, [7], 24, augment, 5, 2, 0);
            Assert.True(forward[0].equal(backward[2]).all().item<bool>());
            Assert.True(forward[1].equal(alone[0]).all().item<bool>());
            var otherView = ImagePipeline.LoadBatch(dataset, [7], 24, augment, 5, 2, 1);
            var otherEpoch = ImagePipeline.LoadBatch(dataset, [7], 24, augment, 5, 3, 0);
            var otherSeed = ImagePipeline.LoadBatch(dataset, [7], 24, augment, 6, 2, 0);
            Assert.False(alone.equal(otherView).all().item<bool>());
            Assert.False(alone.equal(otherEpoch).all().item<bool>());
            Assert.False(alone.equal(otherSeed).all().item<bool>());
            Assert.InRange(alone.min().item<float>(), 0f, 1f);
            Assert.InRange(alone.max().item<float>(), 0f, 1f);
        }
    }

    [Fact]
    public void BatchLoader_YieldsWhatLoadBatchGives_InShuffledSeededOrder()
    {
        var (data, splits, dataset) = Cifar();
        using (data) using (splits)
        {
            using var scope = torch.NewDisposeScope();
            var seen = new List<int>();
            int batches = 0;
            foreach (var batch in new BatchLoader(dataset, dataset.Split.Train, 4, 16, seed: 9, epoch: 1, AugmentationOptions.Paper, views: 2, shuffle: true, prefetch: 1))
            {
                using (batch)
                {
                    Assert.Equal(2, batch.Views.Length);
                    Assert.Equal(new long[] { batch.Indices.Length, 3, 16, 16 }, batch.Views[1].shape);
                    using var expected = ImagePipeline.LoadBatch(dataset, batch.Indices, 16, AugmentationOptions.Paper, 9, 1, 1);
                    Assert.True(batch.Views[1].equal(expected).all().item<bool>());
                    seen.AddRange(batch.Indices);
                    batches++;
                }
            }
            Assert.Equal(8, batches); // 30 training images, B = 4, last batch of 2 kept
            Assert.Equal(dataset.Split.Train.Order(), seen.Order());
            Assert.NotEqual(dataset.Split.Train, seen); // shuffled
            var again = new BatchLoader(dataset, dataset.Split.Train, 4, 16, 9, 1, AugmentationOptions.Paper, views: 2, shuffle: true, prefetch: 1).Select(b => { b.Dispose(); return b.Indices; }).SelectMany(i => i);
            Assert.Equal(seen, again);
        }
    }

    [Fact]
    public void BatchLoader_StoppedEarly_EndsItsBackgroundWork()
    {
        var (data, splits, dataset) = Cifar();
        using (data) using (splits)
        {
            var loader = new BatchLoader(dataset, dataset.Split.Database, 2, 8, 0, 0, prefetch: 1);
            using (var first = loader.First()) Assert.Equal(2, first.Indices.Length);
        }
    }

    [Fact]
    public void BatchLoader_PassesABadImageErrorToTheConsumer()
    {
        using var data = new TempDirectory();
        DataFixtures.WriteImageList(data.Path);
        var dataset = DatasetCatalog.Open("imagelist", data.Path);
        File.WriteAllBytes(data.File("img/4.png"), [1, 2, 3]);
        var loader = new BatchLoader(dataset, dataset.Split.Database, 3, 8, 0, 0);
        var error = Assert.Throws<InvalidInputException>(() => { foreach (var batch in loader) batch.Dispose(); });
        Assert.Contains("4.png", error.Message);
    }

    [Fact]
    public void BatchLoader_RejectsBadSettings_BeforeDecodingAnything()
    {
        using var data = new TempDirectory();
        DataFixtures.WriteImageList(data.Path);
        var dataset = DatasetCatalog.Open("imagelist", data.Path);
        var indices = dataset.Split.Database;
        Assert.Contains("--batch-size", Assert.Throws<InvalidInputException>(() => new BatchLoader(dataset, indices, 0, 8, 0, 0)).Message);
        Assert.Contains("views", Assert.Throws<InvalidInputException>(() => new BatchLoader(dataset, indices, 2, 8, 0, 0, views: 0)).Message);
        Assert.Contains("prefetch", Assert.Throws<InvalidInputException>(() => new BatchLoader(dataset, indices, 2, 8, 0, 0, prefetch: 0)).Message);
        Assert.Contains("workers", Assert.Throws<InvalidInputException>(() => new BatchLoader(dataset, indices, 2, 8, 0, 0, workers: -1)).Message);
        Assert.Throws<InvalidInputException>(() => new BatchLoader(dataset, indices, 2, 8, 0, 0, new AugmentationOptions(CropScaleMin: 0)));
    }

    [Fact]
    public void InvalidOptions_AreRejectedUpFront()
    {
        Assert.Throws<InvalidInputException>(() => new AugmentationOptions(CropScaleMin: 0).Validate());
        Assert.Throws<InvalidInputException>(() => new AugmentationOptions(GrayscaleProbability: 1.5).Validate());
        using var image = new Image<Rgb24>(4, 4);
        Assert.Throws<InvalidInputException>(() => ImagePipeline.ToTensor([image], 0));
    }
}
