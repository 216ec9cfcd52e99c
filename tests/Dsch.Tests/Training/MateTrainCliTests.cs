using System.Text.Json;
using Dsch.Tests.Experiments;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Training;

/// <summary><c>dsch train</c> with the mate-meeting switches: they reach config.json, and metrics.jsonl reports the diagnostics.</summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class MateTrainCliTests
{
    [Fact]
    public void Switches_ReachTheConfig_AndEveryEpochLogsItsDiagnostics()
    {
        using var data = new TempDirectory();
        ExperimentFixtures.WriteColouredSquares(data.Path);
        var run = Path.Combine(data.Path, "run");
        var result = CliProcess.Run("train", "--dataset", "imagelist", "--root", data.Path, "--bits", "8", "--epochs", "2",
            "--batches", "coarse", "--mates", "5", "--s-coarse", "0.5", "--s-temperature", "4",
            "--mate-memory", "--warmup", "1", "--out", run);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Contains("weight on other images", result.Stdout);

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json")));
        var mates = config.RootElement.GetProperty("training").GetProperty("mates");
        Assert.Equal("coarse", mates.GetProperty("batches").GetString());
        Assert.Equal(5, mates.GetProperty("mates").GetInt32());
        Assert.Equal(0.5, mates.GetProperty("sCoarse").GetDouble());
        Assert.Equal(4, mates.GetProperty("sTemperature").GetDouble());
        Assert.True(mates.GetProperty("mateMemory").GetBoolean());
        Assert.Equal(1, mates.GetProperty("warmup").GetInt32());

        var epochs = File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        Assert.Equal(2, epochs.Length);
        var warmUp = epochs[0].GetProperty("diagnostics");
        Assert.False(warmUp.GetProperty("component_terms_on").GetBoolean());
        Assert.Equal(0.0, warmUp.GetProperty("other_image_share").GetDouble());
        var on = epochs[1].GetProperty("diagnostics");
        Assert.True(on.GetProperty("component_terms_on").GetBoolean());
        Assert.True(on.GetProperty("other_image_share").GetDouble() > 0);
        Assert.InRange(on.GetProperty("fine_purity").GetDouble(), 0, 1);
    }

    [Theory]
    [InlineData("--batches", "whole", "--batches")]
    [InlineData("--mates", "4", "--mates")]   // with --batches fine, 4 does not divide B = 15
    [InlineData("--s-coarse", "1.5", "--s-coarse")]
    [InlineData("--s-temperature", "0", "--s-temperature")]
    [InlineData("--warmup", "-1", "--warmup")]
    public void BadSwitch_ExitsWith2_NamingIt(string option, string value, string named)
    {
        using var data = new TempDirectory();
        ExperimentFixtures.WriteColouredSquares(data.Path);
        var result = CliProcess.Run("train", "--dataset", "imagelist", "--root", data.Path, "--bits", "8", "--epochs", "1",
            "--batches", option == "--batches" ? value : "fine", option, value, "--out", Path.Combine(data.Path, "run"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.Stderr);
    }
}
