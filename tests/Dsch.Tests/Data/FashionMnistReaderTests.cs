using Dsch.Data;
using Dsch.Data.Formats;
using Dsch.Tests.TestSupport;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Tests.Data;

public class FashionMnistReaderTests
{
    [Fact]
    public void Read_PoolsTrainThenTest_AndReplicatesGreyToRgb()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteFashionMnist(dir.Path, train: 12, test: 5);
        var content = FashionMnistReader.Read(dir.Path);
        Assert.Equal(17, content.Images.Count);
        Assert.Equal(10, content.Labels.Classes);
        Assert.Equal(Enumerable.Range(0, 17).Select(i => i % 10), content.Labels.ClassIds());
        Assert.Equal("t10k-images-idx3-ubyte.gz record 2", content.Images.Describe(14));
        using var image = content.Images.Load(14);
        Assert.Equal((28, 28), (image.Width, image.Height));
        byte expected = DataFixtures.Pixel(14, 3 * 28 + 5);
        Assert.Equal(new Rgb24(expected, expected, expected), image[5, 3]);
    }

    [Fact]
    public void Read_AcceptsUncompressedIdxFiles()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteFashionMnist(dir.Path, 3, 2);
        foreach (var gz in Directory.GetFiles(dir.Path, "*.gz"))
        {
            using (var input = new System.IO.Compression.GZipStream(File.OpenRead(gz), System.IO.Compression.CompressionMode.Decompress))
            using (var output = File.Create(gz[..^3])) input.CopyTo(output);
            File.Delete(gz);
        }
        Assert.Equal(5, FashionMnistReader.Read(dir.Path).Images.Count);
    }

    [Fact]
    public void Read_RejectsTruncatedImages_NamingFileAndRecord()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteFashionMnist(dir.Path, 3, 2);
        // Header says 4 images, data holds 2.5 images.
        DataFixtures.WriteIdx(dir.File("train-images-idx3-ubyte.gz"), [4, 28, 28], new byte[784 * 2 + 300]);
        var error = Assert.Throws<InvalidInputException>(() => FashionMnistReader.Read(dir.Path));
        Assert.Contains("train-images-idx3-ubyte.gz", error.Message);
        Assert.Contains("record 2", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Read_RejectsACorruptGzipStream()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteFashionMnist(dir.Path, 3, 2);
        var bytes = File.ReadAllBytes(dir.File("t10k-images-idx3-ubyte.gz"));
        File.WriteAllBytes(dir.File("t10k-images-idx3-ubyte.gz"), bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<InvalidInputException>(() => FashionMnistReader.Read(dir.Path));
        Assert.Contains("t10k-images-idx3-ubyte.gz", error.Message);
    }

    [Fact]
    public void Read_RejectsAWrongMagicNumber()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteFashionMnist(dir.Path, 3, 2);
        DataFixtures.WriteIdx(dir.File("train-labels-idx1-ubyte.gz"), [3], [0, 1, 2], magic: 0x00000803);
        var error = Assert.Throws<InvalidInputException>(() => FashionMnistReader.Read(dir.Path));
        Assert.Contains("train-labels-idx1-ubyte.gz", error.Message);
        Assert.Contains("magic", error.Message);
    }

    [Fact]
    public void Read_RejectsALabelOutsideTheTenClasses()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteFashionMnist(dir.Path, 3, 2);
        DataFixtures.WriteIdx(dir.File("t10k-labels-idx1-ubyte.gz"), [2], [4, 11]);
        var error = Assert.Throws<InvalidInputException>(() => FashionMnistReader.Read(dir.Path));
        Assert.Contains("t10k-labels-idx1-ubyte.gz, record 1", error.Message);
    }

    [Fact]
    public void Read_RejectsMismatchedImageAndLabelCounts()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteFashionMnist(dir.Path, 3, 2);
        DataFixtures.WriteIdx(dir.File("train-labels-idx1-ubyte.gz"), [2], [0, 1]);
        var error = Assert.Throws<InvalidInputException>(() => FashionMnistReader.Read(dir.Path));
        Assert.Contains("2 labels for 3 images", error.Message);
    }

    [Fact]
    public void Read_NamesAMissingFile()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteFashionMnist(dir.Path, 3, 2);
        File.Delete(dir.File("t10k-labels-idx1-ubyte.gz"));
        var error = Assert.Throws<InvalidInputException>(() => FashionMnistReader.Read(dir.Path));
        Assert.Contains("t10k-labels-idx1-ubyte", error.Message);
    }
}
