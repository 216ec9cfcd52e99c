using System.Text.Json;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Data;

/// <summary>The <c>dsch data</c> verbs run as a process: output, exit codes, nothing written on bad input.</summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class DataCliTests
{
    [Fact]
    public void Info_OnFashionMnist_ReportsTheProtocolCounts()
    {
        var result = CliProcess.Run("data", "info", "--dataset", "fashion-mnist", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(70_000, root.GetProperty("images").GetInt32());
        Assert.Equal(1_000, root.GetProperty("query").GetInt32());
        Assert.Equal(5_000, root.GetProperty("train").GetInt32());
        Assert.Equal(69_000, root.GetProperty("database").GetInt32());
        Assert.Equal(70_000, root.GetProperty("images_checked").GetInt32());
        foreach (var cls in root.GetProperty("per_class").EnumerateArray())
        {
            Assert.Equal(100, cls.GetProperty("query").GetInt32());
            Assert.Equal(500, cls.GetProperty("train").GetInt32());
            Assert.Equal(6_900, cls.GetProperty("database").GetInt32());
        }
    }

    [Fact]
    public void Info_Table_NamesTheClasses()
    {
        var result = CliProcess.Run("data", "info");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Ankle boot", result.Stdout);
        Assert.Contains("69,000", result.Stdout);
    }

    [Fact]
    public void Info_OnATruncatedCifarBatch_ExitsWith2_NamingFileAndRecord_AndWritesNoSplit()
    {
        using var data = new TempDirectory();
        using var splits = new TempDirectory();
        DataFixtures.WriteCifarBinary(data.Path, 2);
        File.WriteAllBytes(data.File("data_batch_3.bin"), new byte[3073 + 10]);
        var result = CliProcess.Run("data", "info", "--dataset", "cifar10", "--root", data.Path, "--splits", splits.Path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("data_batch_3.bin, record 1", result.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(splits.Path));
    }

    [Fact]
    public void Info_OnAnImageListWithAnUndecodableImage_ExitsWith2()
    {
        using var data = new TempDirectory();
        DataFixtures.WriteImageList(data.Path);
        File.WriteAllText(data.File("img/3.png"), "not an image");
        var result = CliProcess.Run("data", "info", "--dataset", "imagelist", "--root", data.Path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("3.png", result.Stderr);
        Assert.Contains("database.txt line 4", result.Stderr);
    }

    [Fact]
    public void Info_Decode_CatchesACorruptBodyBehindAValidHeader()
    {
        using var data = new TempDirectory();
        DataFixtures.WriteImageList(data.Path);
        Assert.Equal(0, CliProcess.Run("data", "info", "--dataset", "imagelist", "--root", data.Path, "--decode").ExitCode);
        var bytes = File.ReadAllBytes(data.File("img/2.png"));
        for (int k = 40; k < bytes.Length - 12; k++) bytes[k] ^= 0x5A;
        File.WriteAllBytes(data.File("img/2.png"), bytes);
        var result = CliProcess.Run("data", "info", "--dataset", "imagelist", "--root", data.Path, "--decode");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("2.png", result.Stderr);
    }

    [Fact]
    public void Montage_WritesAPngAndALegend()
    {
        using var data = new TempDirectory();
        using var output = new TempDirectory();
        DataFixtures.WriteImageList(data.Path);
        var result = CliProcess.Run("data", "montage", "--dataset", "imagelist", "--root", data.Path, "--split", "database", "--n", "5", "--tile", "16", "--out", output.File("m.png"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        using (var image = SixLabors.ImageSharp.Image.Load(output.File("m.png")))
            Assert.Equal(3 * (16 + 2) + 2, image.Width); // ceil(sqrt(5)) = 3 columns
        using var legend = JsonDocument.Parse(File.ReadAllText(output.File("m.json")));
        Assert.Equal(5, legend.RootElement.GetProperty("tiles").GetArrayLength());
        Assert.Equal(3, legend.RootElement.GetProperty("class_colors").GetArrayLength());
    }

    [Fact]
    public void Montage_WithABadImage_ExitsWith2_AndWritesNothing()
    {
        using var data = new TempDirectory();
        using var output = new TempDirectory();
        DataFixtures.WriteImageList(data.Path);
        File.WriteAllBytes(data.File("img/1.png"), DataFixtures.BmpDeclaring(50_000, 50_000));
        var result = CliProcess.Run("data", "montage", "--dataset", "imagelist", "--root", data.Path, "--split", "database", "--n", "4", "--out", output.File("m.png"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("1.png", result.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(output.Path));
    }

    [Fact]
    public void UnknownDataset_ExitsWith2()
    {
        var result = CliProcess.Run("data", "info", "--dataset", "mnist");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--dataset", result.Stderr);
    }

    [Fact]
    public void Bench_PrintsImagesPerSecond()
    {
        using var data = new TempDirectory();
        DataFixtures.WriteImageList(data.Path);
        var result = CliProcess.Run("data", "bench", "--dataset", "imagelist", "--root", data.Path, "--n", "3", "--sizes", "16");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("16 px resize+augment", result.Stdout);
    }
}
