using Dsch.Config;
using Dsch.Inference;
using Dsch.Tests.TestSupport;
using Dsch.Training;

namespace Dsch.Tests.Inference;

/// <summary>
/// A run of a deep baseline names its method in config.json (DSCH's and the contrastive baseline's leave it out), and
/// encode/search, which rebuild DSCH's head only, refuse such a run with one line instead of loading wrong weights.
/// </summary>
public class TrainedRunMethodTests
{
    static RunConfig Config(string? method)
    {
        var preset = Presets.Get("quick", null);
        return new RunConfig(preset.Dataset, null, 0, preset.Features, preset.TrainingFor(16, 0), method);
    }

    [Fact]
    public void ConfigJson_NamesABaselinesMethod_AndLeavesItOutOtherwise()
    {
        Assert.Contains("\"method\": \"bihalf\"", Config("bihalf").ToJson());
        Assert.DoesNotContain("\"method\"", Config(null).ToJson());
        using var folder = new TempDirectory();
        Config("bihalf").WriteTo(folder.Path);
        Assert.Equal("bihalf", RunConfig.ReadFrom(folder.Path).Method);
    }

    [Fact]
    public void Open_RefusesARunOfAnotherMethod_NamingIt()
    {
        using var folder = new TempDirectory();
        Config("cibhash").WriteTo(folder.Path);
        var e = Assert.Throws<InvalidInputException>(() => TrainedRun.Open(folder.Path));
        Assert.Contains("'cibhash'", e.Message);
        Assert.Contains(folder.Path, e.Message);
    }
}
