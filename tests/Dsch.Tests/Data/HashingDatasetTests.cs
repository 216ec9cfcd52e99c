using Dsch.Data;

namespace Dsch.Tests.Data;

public class HashingDatasetTests
{
    [Fact]
    public void InMemory_ServesItsPixels_AndChecksItsSplit()
    {
        var labels = LabelMatrix.FromClassIds([0, 1, 0, 1], 2);
        var pixels = Enumerable.Range(0, 4 * 3 * 2 * 2).Select(k => (byte)k).ToArray();
        var split = new DatasetSplit("toy", "manual", 0, [0], [1, 2, 3], [2, 3], labels.ContentHash());
        var data = HashingDataset.InMemory("toy", ["a", "b"], labels, pixels, 2, 2, 3, split);
        using var image = data.LoadImage(1);
        Assert.Equal(new SixLabors.ImageSharp.PixelFormats.Rgb24(12, 16, 20), image[0, 0]);
        Assert.Equal("toy (in memory) image 1", data.Describe(1));
        var overlapping = split with { Query = [1] };
        Assert.Throws<InvalidInputException>(() => HashingDataset.InMemory("toy", ["a", "b"], labels, pixels, 2, 2, 3, overlapping));
        Assert.Throws<InvalidInputException>(() => HashingDataset.InMemory("toy", ["a", "b"], labels, pixels[1..], 2, 2, 3, split));
    }
}
