using Dsch.Config;
using Dsch.Features;
using Dsch.Tests.TestSupport;
using Dsch.Training;
using TorchSharp;

namespace Dsch.Tests.Hostile;

/// <summary>
/// Values read from a run folder are checked like the options they came from and refusals name the file and key
/// (issue 27, items 12 and 18); <c>--resume</c> neither rewrites a finished run nor ignores other options (item 10).
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class RunFolderProbes
{
    /// <summary>A config.json as <c>dsch train</c> writes it for a 16-bit quick run of an image list.</summary>
    static RunConfig QuickConfig(string root) =>
        new("imagelist", root, 0, new FeatureCacheOptions(), Presets.ForTraining("quick", "imagelist").TrainingFor(16, 0).Validate());

    static string RunWithConfig(TempDirectory parent, string? edit = null, string? replacement = null)
    {
        var run = parent.File("run");
        Directory.CreateDirectory(run);
        QuickConfig(parent.File("data")).WriteTo(run);
        var path = Path.Combine(run, "config.json");
        if (edit is not null)
        {
            var text = File.ReadAllText(path);
            Assert.Contains(edit, text);                                         // the edit must hit, or the test proves nothing
            File.WriteAllText(path, text.Replace(edit, replacement));
        }
        return run;
    }

    [Theory]
    [InlineData("\"bits\": 16", "\"bits\": 300000", "training.bits")]
    [InlineData("\"inputSize\": 64", "\"inputSize\": 5", "features.inputSize")]
    [InlineData("\"backbone\": \"resnet18\"", "\"backbone\": \"alexnet\"", "features.backbone")]
    [InlineData("\"epochs\": 10", "\"epochs\": -3", "training.epochs")]
    public void EditedConfigValue_IsRefusedByResumeAndEncode_NamingFileAndKey(string edit, string replacement, string key)
    {
        using var parent = new TempDirectory();
        var run = RunWithConfig(parent, edit, replacement);
        var before = HostileInput.Snapshot(run);
        foreach (var result in new[]
        {
            HostileInput.Run("train", "--resume", run),
            HostileInput.Run("encode", "--run", run, "--images", parent.Path, "--out", parent.File("codes.npy")),
        })
        {
            HostileInput.AssertRefused(result, "config.json", key);
            foreach (var wrong in new[] { "--bits", "--size", "--input-size", "--backbone", "hash head", "--epochs" })
                Assert.DoesNotContain(wrong, result.Stderr);
        }
        Assert.Equal(before, HostileInput.Snapshot(run));
    }

    [Fact]
    public void ResumeOfAFinishedRun_IsRefused_AndChangesNoFile()
    {
        using var parent = new TempDirectory();
        var run = RunWithConfig(parent);
        using (var model = torch.nn.Linear(4, 2))
        using (var optimizer = new TrainingOptimizer(model.parameters(), OptimizerOptions.StandardAdam(1e-3)))
            Checkpoint.Save(run, model, optimizer, completedEpochs: QuickConfig("x").Training.Epochs, history: []);
        File.WriteAllText(Path.Combine(run, "provenance.json"), "{\"commandLine\": \"the first command\"}");
        var before = HostileInput.Snapshot(run);
        HostileInput.AssertRefused(HostileInput.Run("train", "--resume", run), "--resume", "finished");
        Assert.Equal(before, HostileInput.Snapshot(run));
    }

    [Theory]
    [InlineData("--lambda", "0.7")]
    [InlineData("--bits", "64")]
    [InlineData("--root", "/elsewhere")]
    public void OptionGivenWithResume_IsRefused_NotIgnored(string option, string value)
    {
        using var parent = new TempDirectory();
        var run = RunWithConfig(parent);
        var before = HostileInput.Snapshot(run);
        HostileInput.AssertRefused(HostileInput.Run("train", "--resume", run, option, value), option, "--resume");
        Assert.Equal(before, HostileInput.Snapshot(run));
    }
}
