using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Data;

/// <summary><c>dsch data mosaic-list</c> as a process: generates a list <c>data info</c> accepts; bad input exits 2 and writes nothing.</summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class MosaicListCliTests
{
    [Fact]
    public void Generate_WritesAListThatDataInfoReadsAsMultiLabel_SameSeedSameLists()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        DataFixtures.WriteFashionMnist(source.Path, 300, 50);
        foreach (var name in new[] { "a", "b" })
        {
            var result = CliProcess.Run("data", "mosaic-list", "--root", source.Path, "--out", output.File(name), "--database", "40", "--queries", "10", "--train", "30", "--seed", "7");
            Assert.True(result.ExitCode == 0, result.Stderr);
        }
        foreach (var list in new[] { "database.txt", "test.txt", "train.txt", "mosaic-list.json" })
            Assert.Equal(File.ReadAllText(output.File("a/" + list)), File.ReadAllText(output.File("b/" + list)));
        var info = CliProcess.Run("data", "info", "--dataset", "imagelist", "--root", output.File("a"));
        Assert.True(info.ExitCode == 0, info.Stderr);
        Assert.Contains("multi-label", info.Stdout);
    }

    [Theory]
    [InlineData("--train", "50")]        // more training images than database images
    [InlineData("--queries", "0")]
    public void BadCounts_ExitWith2_OnOneLine_AndWriteNothing(string option, string value)
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        DataFixtures.WriteFashionMnist(source.Path, 100, 20);
        var result = CliProcess.Run("data", "mosaic-list", "--root", source.Path, "--out", output.File("list"), "--database", "40", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Empty(Directory.GetFileSystemEntries(output.Path));
    }

    [Fact]
    public void AnExistingOutFolder_IsRefusedWith2_AndLeftUntouched()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        DataFixtures.WriteFashionMnist(source.Path, 100, 20);
        File.WriteAllText(output.File("keep.txt"), "mine");
        var result = CliProcess.Run("data", "mosaic-list", "--root", source.Path, "--out", output.Path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out", result.Stderr);
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(output.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void MissingFashionMnist_ExitsWith2_SayingHowToInstallIt()
    {
        using var empty = new TempDirectory();
        using var output = new TempDirectory();
        var result = CliProcess.Run("data", "mosaic-list", "--root", empty.Path, "--out", output.File("list"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("apt-get install dataset-fashion-mnist", result.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(output.Path));
    }
}
