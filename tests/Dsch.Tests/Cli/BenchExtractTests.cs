using System.Text.Json;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Cli;

/// <summary>
/// <c>dsch bench extract --json</c>, the TorchSharp half of <c>tools/bench_extract.py</c>: one JSON object with both
/// throughputs measured and the whole path's image count (N clean + V·N views); bad sizes exit 2 naming the option.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class BenchExtractTests
{
    [Fact]
    public void Json_GivesBothThroughputs_AsTheScriptReadsIt()
    {
        var result = CliProcess.Run("bench", "extract", "--json", "--images", "40", "--views", "2", "--batch-size", "16");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        using var report = JsonDocument.Parse(result.Stdout.Trim().Split('\n')[^1]);
        var root = report.RootElement;
        Assert.True(root.GetProperty("forwardImagesPerSecond").GetDouble() > 0);
        Assert.True(root.GetProperty("wholeImagesPerSecond").GetDouble() > 0);
        Assert.Equal(120, root.GetProperty("wholeImages").GetInt64());
        Assert.Equal(40, root.GetProperty("images").GetInt32());
        Assert.Equal(16, root.GetProperty("batch").GetInt32());
        Assert.True(root.GetProperty("threads").GetInt32() >= 1);
    }

    [Theory]
    [InlineData("--input-size", "16")]
    [InlineData("--images", "0")]
    [InlineData("--views", "65")]
    [InlineData("--batch-size", "0")]
    public void BadSize_ExitsTwo(string option, string value)
    {
        var result = CliProcess.Run("bench", "extract", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Stderr);
    }
}
