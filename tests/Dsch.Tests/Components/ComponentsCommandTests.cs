using System.Text.Json;
using Dsch.Data;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Components;

[Trait(TestCategory.Key, TestCategory.Slow)]
public class ComponentsCommandTests
{
    static float[] Codes(int N, int L)
    {
        var random = new Random(3);
        var values = new float[N * L];
        for (int i = 0; i < N; i++)
            for (int j = 0; j < L; j++)
                values[i * L + j] = (float)Math.Tanh((i % 4 == j % 4 ? 1.5 : -0.5) + 0.3 * (random.NextDouble() - 0.5));
        return values;
    }

    [Theory]
    [InlineData("diag")]
    [InlineData("full")]
    public void BenchEStep_TimesBothPaths_AndFindsThemOnTheSamePath(string covariance)
    {
        using var folder = new TempDirectory();
        NpyFile.Write(folder.File("H.npy"), Codes(300, 6), 300, 6);
        var result = CliProcess.Run("bench", "estep", "--codes", folder.File("H.npy"), "--m1", "30", "--m2", "5",
            "--covariance", covariance);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Contains("paths: same", result.Stdout);
        Assert.Matches(@"fused EM\s*:\s*\d+ iterations", result.Stdout);
        Assert.Matches(@"speed-up\s*: [\d.]+x per iteration", result.Stdout);
        Assert.Contains("labels differing: 0", result.Stdout);
    }

    [Fact]
    public void BenchEStep_BadCodesFile_ExitsWith2_NamingIt()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("H.npy"), "not an npy file");
        var result = CliProcess.Run("bench", "estep", "--codes", folder.File("H.npy"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("H.npy", result.Stderr);
    }

    [Fact]
    public void Components_WritesTheStructure_AndPrintsJson()
    {
        using var folder = new TempDirectory();
        NpyFile.Write(folder.File("H.npy"), Codes(120, 8), 120, 8);
        var result = CliProcess.Run("components", "--codes", folder.File("H.npy"), "--m1", "10", "--m2", "3",
            "--covariance", "diag", "--normalize", "--seed", "4", "--out", folder.File("out"), "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout.Trim().Split('\n')[^1]);
        foreach (var key in new[] { "mean_log_likelihood", "iterations", "converged", "seconds" })
            Assert.True(json.RootElement.TryGetProperty(key, out _), key);
        Assert.Equal(new[] { 120, 10 }, NpyFile.Read(folder.File("out/P1.npy")).Shape);
        Assert.Equal(new[] { 120, 3 }, NpyFile.Read(folder.File("out/P2.npy")).Shape);
        Assert.Equal(new[] { 10, 8 }, NpyFile.Read(folder.File("out/means.npy")).Shape);
        Assert.Equal(new[] { 10 }, NpyFile.Read(folder.File("out/weights.npy")).Shape);
        Assert.Equal(new[] { 10, 3 }, NpyFile.Read(folder.File("out/coarse_map.npy")).Shape);
        var p1 = NpyFile.Read(folder.File("out/P1.npy")).ToDoubles();
        double norm = Math.Sqrt(p1.Take(10).Sum(v => v * v));
        Assert.Equal(1.0, norm, 1e-9);                                           // --normalize
    }

    [Fact]
    public void NaNInTheCodes_ExitsWith2_NamingFileRowAndColumn()
    {
        using var folder = new TempDirectory();
        var codes = Codes(30, 4);
        codes[2 * 4 + 3] = float.NaN;
        NpyFile.Write(folder.File("H.npy"), codes, 30, 4);
        var result = CliProcess.Run("components", "--codes", folder.File("H.npy"), "--m1", "3", "--m2", "2", "--out", folder.File("out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("H.npy", result.Stderr);
        Assert.Contains("row 2, column 3", result.Stderr);
        Assert.False(Directory.Exists(folder.File("out")));
    }

    [Fact]
    public void CodesOfTheWrongRank_ExitWith2()
    {
        using var folder = new TempDirectory();
        NpyFile.Write(folder.File("H.npy"), Codes(10, 4), 40);
        var result = CliProcess.Run("components", "--codes", folder.File("H.npy"), "--m1", "3", "--m2", "2");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("rank 1", result.Stderr);
    }

    [Fact]
    public void MoreFineComponentsThanCodes_ExitsWith2_NamingTheOption()
    {
        using var folder = new TempDirectory();
        NpyFile.Write(folder.File("H.npy"), Codes(20, 4), 20, 4);
        var result = CliProcess.Run("components", "--codes", folder.File("H.npy"), "--m1", "21", "--m2", "2");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--m1", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void UnknownCovariance_ExitsWith2_NamingTheOption()
    {
        using var folder = new TempDirectory();
        NpyFile.Write(folder.File("H.npy"), Codes(20, 4), 20, 4);
        var result = CliProcess.Run("components", "--codes", folder.File("H.npy"), "--m1", "3", "--m2", "2", "--covariance", "tied");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--covariance", result.Stderr);
    }

    [Fact]
    public void MissingCodesFile_ExitsWith2()
    {
        using var folder = new TempDirectory();
        var result = CliProcess.Run("components", "--codes", folder.File("absent.npy"), "--m1", "3", "--m2", "2");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("absent.npy", result.Stderr);
    }
}
