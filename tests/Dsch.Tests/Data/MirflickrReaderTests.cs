using Dsch.Data;
using Dsch.Data.Formats;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Data;

public class MirflickrReaderTests
{
    static void WriteNative(string root, int images)
    {
        for (int k = 1; k <= images; k++) DataFixtures.WritePng(Path.Combine(root, "mirflickr", $"im{k}.jpg"), k);
        Directory.CreateDirectory(Path.Combine(root, "annotations"));
        for (int c = 0; c < MirflickrReader.ClassNames.Count; c++)
        {
            // Image k carries label c when (k + c) % 5 == 0; image 'images' carries none of them only by chance.
            var members = Enumerable.Range(1, images).Where(k => (k + c) % 5 == 0);
            File.WriteAllLines(Path.Combine(root, "annotations", MirflickrReader.ClassNames[c] + ".txt"), members.Select(k => k.ToString()));
            // The stricter "_r1" files must be ignored.
            File.WriteAllLines(Path.Combine(root, "annotations", MirflickrReader.ClassNames[c] + "_r1.txt"), ["1", "2", "3"]);
        }
        File.WriteAllText(Path.Combine(root, "annotations", "README.txt"), "annotations");
    }

    [Fact]
    public void NativeLayout_Gives24PotentialLabels_FromTheAnnotationFiles()
    {
        using var dir = new TempDirectory();
        WriteNative(dir.Path, 7);
        Assert.True(MirflickrReader.IsNative(dir.Path));
        var content = MirflickrReader.Read(dir.Path);
        Assert.Equal(7, content.Images.Count);
        Assert.Equal(24, content.Labels.Classes);
        for (int k = 1; k <= 7; k++)
            for (int c = 0; c < 24; c++) Assert.Equal((k + c) % 5 == 0, content.Labels.Has(k - 1, c));
        Assert.EndsWith("im3.jpg", content.Images.Describe(2));
        using var image = content.Images.Load(2);
        Assert.Equal(20, image.Width);
    }

    [Fact]
    public void AnnotationNumberOutOfRange_NamesFileAndLine()
    {
        using var dir = new TempDirectory();
        WriteNative(dir.Path, 4);
        File.WriteAllLines(dir.File("annotations/sky.txt"), ["1", "9"]);
        var error = Assert.Throws<InvalidInputException>(() => MirflickrReader.Read(dir.Path));
        Assert.Contains("sky.txt, line 2", error.Message);
    }

    [Fact]
    public void GapInTheImageNumbers_IsAMissingImage()
    {
        using var dir = new TempDirectory();
        WriteNative(dir.Path, 5);
        File.Delete(dir.File("mirflickr/im3.jpg"));
        var error = Assert.Throws<InvalidInputException>(() => MirflickrReader.Read(dir.Path));
        Assert.Contains("im3.jpg", error.Message);
    }

    [Fact]
    public void MissingAnnotationFile_IsNamed()
    {
        using var dir = new TempDirectory();
        WriteNative(dir.Path, 3);
        File.Delete(dir.File("annotations/water.txt"));
        var error = Assert.Throws<InvalidInputException>(() => MirflickrReader.Read(dir.Path));
        Assert.Contains("water.txt", error.Message);
    }
}
