using Dsch.Data;
using Dsch.Data.Formats;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Data;

public class ImageListReaderTests
{
    [Fact]
    public void Read_PoolsDistinctPaths_AndTakesTheSplitFromTheLists()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteImageList(dir.Path);
        var content = ImageListReader.Read(dir.Path, null, null, splitFromFiles: true);
        Assert.Equal(8, content.Images.Count); // 6 database + 2 queries; train repeats database images
        Assert.Equal(3, content.Labels.Classes);
        Assert.Equal(new[] { 6, 7 }, content.ListedSplit!.Query);
        Assert.Equal(Enumerable.Range(0, 6), content.ListedSplit.Database);
        Assert.Equal(new[] { 1, 3, 5 }, content.ListedSplit.Train);
        Assert.Equal(new byte[] { 1, 1, 0 }, content.Labels.Row(3).ToArray());
        Assert.Equal(["class0", "class1", "class2"], content.ClassNames);
        Assert.Contains("test.txt line 2", content.Images.Describe(7));
        using var image = content.Images.Load(2);
        Assert.Equal((20, 14), (image.Width, image.Height));
    }

    [Fact]
    public void Read_UsesClassesTxtForNames()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteImageList(dir.Path);
        File.WriteAllLines(dir.File("classes.txt"), ["sky", "sea", "tree"]);
        Assert.Equal(["sky", "sea", "tree"], ImageListReader.Read(dir.Path, null, null, true).ClassNames);
    }

    [Fact]
    public void WrongLabelWidth_NamesFileAndLine()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteImageList(dir.Path);
        File.AppendAllLines(dir.File("database.txt"), ["img/7.png 1 0"]);
        var error = Assert.Throws<InvalidInputException>(() => ImageListReader.Read(dir.Path, null, null, true));
        Assert.Contains("database.txt, line 7", error.Message);
        Assert.Contains("2 labels, expected 3", error.Message);
    }

    [Fact]
    public void FixedWidth_IsEnforcedFromTheFirstLine()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteImageList(dir.Path);
        var error = Assert.Throws<InvalidInputException>(() => ImageListReader.Read(dir.Path, 21, null, false));
        Assert.Contains("database.txt, line 1", error.Message);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("-1")]
    [InlineData("0.5")]
    [InlineData("x")]
    public void LabelsOtherThan0Or1_AreRejected(string label)
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteImageList(dir.Path);
        File.WriteAllLines(dir.File("test.txt"), ["img/6.png 1 0 0", $"img/7.png 0 {label} 1"]);
        var error = Assert.Throws<InvalidInputException>(() => ImageListReader.Read(dir.Path, null, null, true));
        Assert.Contains("test.txt, line 2", error.Message);
        Assert.Contains("expected 0 or 1", error.Message);
    }

    [Fact]
    public void MissingImage_NamesTheListLine()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteImageList(dir.Path);
        File.Delete(dir.File("img/4.png"));
        var error = Assert.Throws<InvalidInputException>(() => ImageListReader.Read(dir.Path, null, null, true));
        Assert.Contains("database.txt, line 5", error.Message);
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void UndecodableImage_FailsOnLoad_NamingTheFileAndLine()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteImageList(dir.Path);
        File.WriteAllBytes(dir.File("img/2.png"), "this is not a PNG at all"u8.ToArray());
        var content = ImageListReader.Read(dir.Path, null, null, true);
        var error = Assert.Throws<InvalidInputException>(() => content.Images.Load(2));
        Assert.Contains("2.png", error.Message);
        Assert.Contains("database.txt line 3", error.Message);
        Assert.Throws<InvalidInputException>(() => content.Images.Check(2));
    }

    [Fact]
    public void CorruptPngBody_FailsOnLoad()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteImageList(dir.Path);
        var bytes = File.ReadAllBytes(dir.File("img/1.png"));
        for (int k = 40; k < bytes.Length - 12; k++) bytes[k] ^= 0x5A; // keep the header, scramble the compressed data
        File.WriteAllBytes(dir.File("img/1.png"), bytes);
        var content = ImageListReader.Read(dir.Path, null, null, true);
        var error = Assert.Throws<InvalidInputException>(() => content.Images.Load(1));
        Assert.Contains("1.png", error.Message);
    }

    [Theory]
    [InlineData(60_000, 50_000)]   // 3 gigapixels: within the BMP format, refused by our limit
    [InlineData(16_000, 16_000)]   // each side allowed, the pixel count is not
    [InlineData(200_000, 150_000)] // beyond what the BMP decoder itself accepts
    public void ImageDeclaringAbsurdDimensions_IsRefusedBeforeDecoding(int width, int height)
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteImageList(dir.Path);
        File.WriteAllBytes(dir.File("img/5.png"), DataFixtures.BmpDeclaring(width, height)); // gigapixels declared, 70 bytes on disk
        var content = ImageListReader.Read(dir.Path, null, null, true);
        var before = GC.GetTotalAllocatedBytes();
        var error = Assert.Throws<InvalidInputException>(() => content.Images.Load(5));
        Assert.Contains("5.png", error.Message);
        Assert.True(GC.GetTotalAllocatedBytes() - before < 50_000_000, "no pixel buffer may be allocated for a refused image");
    }

    [Fact]
    public void EmptySplitFile_IsRejected()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteImageList(dir.Path);
        File.WriteAllText(dir.File("test.txt"), "\n");
        var error = Assert.Throws<InvalidInputException>(() => ImageListReader.Read(dir.Path, null, null, true));
        Assert.Contains("test.txt", error.Message);
        Assert.Contains("empty split", error.Message);
    }

    [Fact]
    public void QueryAlsoInDatabase_IsRejected()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteImageList(dir.Path);
        File.AppendAllLines(dir.File("test.txt"), ["img/0.png 1 0 0"]);
        var error = Assert.Throws<InvalidInputException>(() => ImageListReader.Read(dir.Path, null, null, true));
        Assert.Contains("test.txt", error.Message);
    }

    [Fact]
    public void SamePathWithOtherLabels_IsRejected()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteImageList(dir.Path);
        File.AppendAllLines(dir.File("train.txt"), ["img/0.png 0 0 1"]);
        var error = Assert.Throws<InvalidInputException>(() => ImageListReader.Read(dir.Path, null, null, true));
        Assert.Contains("train.txt, line 4", error.Message);
    }

    [Fact]
    public void MissingListFile_IsNamed()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteImageList(dir.Path);
        File.Delete(dir.File("train.txt"));
        var error = Assert.Throws<InvalidInputException>(() => ImageListReader.Read(dir.Path, null, null, splitFromFiles: true));
        Assert.Contains("train.txt", error.Message);
    }
}
