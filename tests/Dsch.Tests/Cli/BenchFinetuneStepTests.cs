using System.Text.Json;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Cli;

/// <summary>
/// <c>dsch bench finetune-step --json</c>, the TorchSharp half of <c>tools/bench_finetune_step.py</c>: one JSON object
/// whose phases are measured (positive, the step at least each of its phases); bad sizes exit 2.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class BenchFinetuneStepTests
{
    [Fact]
    public void Json_GivesEveryPhase_AsTheScriptReadsIt()
    {
        var result = CliProcess.Run("bench", "finetune-step", "--json", "--steps", "2", "--warmup", "1", "--batch-size", "4");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        using var report = JsonDocument.Parse(result.Stdout.Trim().Split('\n')[^1]);
        var medians = report.RootElement.GetProperty("medianMs");
        foreach (var phase in new[] { "data", "forward", "backward", "adam", "step" })
            Assert.True(medians.GetProperty(phase).GetDouble() > 0, phase);
        // Every step is the sum of its phases, so its median is at least each phase's median.
        foreach (var phase in new[] { "data", "forward", "backward", "adam" })
            Assert.True(medians.GetProperty("step").GetDouble() >= medians.GetProperty(phase).GetDouble(), phase);
        Assert.Equal(8, report.RootElement.GetProperty("views").GetInt32());
        Assert.True(report.RootElement.GetProperty("imagesPerSecond").GetDouble() > 0);
    }

    [Theory]
    [InlineData("--input-size", "16")]
    [InlineData("--batch-size", "1")]
    [InlineData("--steps", "0")]
    public void BadSize_ExitsTwo(string option, string value)
    {
        var result = CliProcess.Run("bench", "finetune-step", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Stderr);
    }
}
