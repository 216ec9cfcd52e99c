using Dsch.Features;
using Dsch.Tests.Data;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Backbones;

/// <summary><c>dsch extract</c> as a process, on a small image-list dataset.</summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public sealed class ExtractCommandTests
{
    [Fact]
    public void Extract_WritesTheCache_ThenReusesIt_AndRebuildsAfterCorruption()
    {
        using var data = new TempDirectory();
        using var output = new TempDirectory();
        DataFixtures.WriteImageList(data.Path);
        string[] arguments = ["extract", "--dataset", "imagelist", "--root", data.Path, "--input-size", "32", "--views", "2", "--out", output.Path];

        var first = CliProcess.Run(arguments);
        Assert.True(first.ExitCode == 0, first.Stderr + first.Stdout);
        Assert.Contains("extracted (missing", first.Stdout);
        var manifest = FeatureCacheManifest.Read(output.File(FeatureCacheManifest.FileName));
        Assert.Equal((2, 6, 3), (manifest.Key.QueryCount, manifest.Key.DatabaseCount, manifest.Key.TrainCount));
        Assert.Equal(new[] { 2, 3, 512 }, manifest.Files.Single(f => f.Name == "train_views.npy").Shape);

        var second = CliProcess.Run(arguments);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("reused the cache", second.Stdout);

        File.WriteAllBytes(output.File("query.npy"), [0x93, (byte)'N']);
        var third = CliProcess.Run(arguments);
        Assert.Equal(0, third.ExitCode);
        Assert.Contains("extracted (corrupt", third.Stdout);
        Assert.Contains("query.npy", third.Stdout);
    }

    [Theory]
    [InlineData("--backbone", "vgg16")]
    [InlineData("--input-size", "16")]
    [InlineData("--backbone", "alexnet")]
    public void Extract_ExitsWithCode2_OnBadOptions(string option, string value)
    {
        using var data = new TempDirectory();
        using var output = new TempDirectory();
        DataFixtures.WriteImageList(data.Path);
        var result = CliProcess.Run("extract", "--dataset", "imagelist", "--root", data.Path, "--out", output.Path, option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option == "--input-size" ? "--input-size" : "--backbone", result.Stderr);
        Assert.False(File.Exists(output.File(FeatureCacheManifest.FileName)));
    }
}
