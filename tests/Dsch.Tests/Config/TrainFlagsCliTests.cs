using System.Text.Json.Nodes;
using Dsch.Config;
using Dsch.Data;
using Dsch.Tests.Experiments;
using Dsch.Tests.TestSupport;
using Dsch.Training;

namespace Dsch.Tests.Config;

/// <summary>
/// <c>dsch train</c>'s flags are the ablation vocabulary (<see cref="TrainingSwitches"/>) spelled as options: the
/// config.json a run writes equals the options the same changes make as grid items.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class TrainFlagsCliTests
{
    [Fact]
    public void TrainFlags_WriteTheOptionsOfTheSameGridItems()
    {
        using var data = new TempDirectory();
        ExperimentFixtures.WriteColouredSquares(data.Path);
        var run = Path.Combine(data.Path, "run");
        var result = CliProcess.Run("train", "--dataset", "imagelist", "--root", data.Path, "--bits", "8", "--epochs", "2",
            "--lambda", "0.3", "--tau", "0.5", "--no-coarse", "--m1", "6", "--m2", "2", "--covariance", "full",
            "--normalize", "false", "--optimizer", "adam-tf1", "--lr", "0.001", "--s-temperature", "2",
            "--warmup", "1", "--out", run);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);

        var opened = DatasetCatalog.Open("imagelist", data.Path, 0);
        var preset = new PresetOverrides(Epochs: 2).ApplyTo(Presets.ForTraining("quick", "imagelist")).SizedTo(opened.Split.Train.Length);
        var items = "lambda=0.3+tau=0.5+no-coarse+m1=6+m2=2+covariance=full+no-normalize+optimizer=adam-tf1+lr=0.001+s-temperature=2+warmup=1";
        var training = TrainingSwitches.Parse(items, "--grid")(preset.TrainingFor(8, 0));
        var expected = JsonNode.Parse(new RunConfig("imagelist", data.Path, 0, preset.Features, training).ToJson())!["training"];
        var written = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!["training"];
        Assert.True(JsonNode.DeepEquals(expected, written), $"expected {expected}\nwritten {written}");
        Assert.Equal(0.3, (double)written!["loss"]!["lambda"]!);                       // the flags did change something
        Assert.Equal("tf1", (string?)written["optimizer"]!["variant"]);
    }

    [Fact]
    public void EverySwitch_IsATrainFlagOfTheSameName()
    {
        var help = CliProcess.Run("train", "--help");
        Assert.True(help.ExitCode == 0, help.Stderr + help.Stdout);
        var flags = System.Text.RegularExpressions.Regex.Matches(help.Stdout, @"(?<![\w-])--[a-z0-9-]+").Select(m => m.Value).ToHashSet();
        // no-normalize is --normalize false.
        foreach (var item in TrainingSwitches.KeyNames.Concat(TrainingSwitches.OnOffNames).Where(i => i != "no-normalize"))
            Assert.True(flags.Contains("--" + item), $"no flag --{item} in:\n{help.Stdout}");
    }
}
