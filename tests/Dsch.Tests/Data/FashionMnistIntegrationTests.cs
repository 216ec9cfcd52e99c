using Dsch.Data;
using Dsch.Data.Formats;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Data;

/// <summary>On the real Fashion-MNIST (Debian package dataset-fashion-mnist, which ./dsch test installs) and the committed split.</summary>
public class FashionMnistIntegrationTests
{
    [Fact]
    public void Open_GivesTheProtocolCounts_FromTheCommittedSplit()
    {
        string committed = Path.Combine(CliProcess.RepositoryRoot, "data", "splits", "fashion-mnist_single-label_seed0.json");
        Assert.True(File.Exists(committed), "the default Fashion-MNIST split must be committed");
        var before = File.ReadAllText(committed);
        var data = DatasetCatalog.Open("fashion-mnist");
        Assert.Equal(File.ReadAllText(committed), before); // loaded, not rewritten
        Assert.Equal(70_000, data.Count);
        Assert.Equal(1_000, data.Split.Query.Length);
        Assert.Equal(5_000, data.Split.Train.Length);
        Assert.Equal(69_000, data.Split.Database.Length);
        Assert.All(data.Labels.Select(data.Split.Query).ClassCounts(), n => Assert.Equal(100, n));
        Assert.All(data.Labels.Select(data.Split.Train).ClassCounts(), n => Assert.Equal(500, n));
        Assert.Equal(FashionMnistReader.ClassNames, data.ClassNames);
        Assert.Equal("t10k-images-idx3-ubyte.gz record 0", data.Describe(60_000));
    }

    [Fact]
    public void CommittedSplit_IsWhatTheGeneratorDrawsFromTheLabels()
    {
        var data = DatasetCatalog.Open("fashion-mnist");
        var regenerated = Dsch.Data.Splits.SplitGenerator.Generate("fashion-mnist", SplitProtocol.SingleLabel, data.Labels, 0, data.Root);
        Assert.Equal(regenerated.Query, data.Split.Query);
        Assert.Equal(regenerated.Train, data.Split.Train);
        Assert.Equal(regenerated.Database, data.Split.Database);
    }

    [Fact]
    public void FirstTrainingImage_IsTheKnownAnkleBoot()
    {
        var data = DatasetCatalog.Open("fashion-mnist");
        Assert.Equal(9, data.Labels.ClassIds()[0]); // official train-labels: the first label is 9 (Ankle boot)
        using var image = data.LoadImage(0);
        Assert.Equal((28, 28), (image.Width, image.Height));
        Assert.Equal(image[14, 14].R, image[14, 14].G);
    }
}
