using Dsch.Config;
using Dsch.Inference;
using Dsch.Tests.TestSupport;
using Dsch.Training;

namespace Dsch.Tests.Inference;

/// <summary>
/// A run of a deep baseline names its method in config.json (DSCH's and the contrastive baseline's leave it out), so
/// encode/search rebuild that method's own head (DeepBaselineReproduceTests encodes such runs); a name this version
/// does not know is refused with one line instead of loading weights into the wrong head.
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
    public void Open_RefusesARunOfAnUnknownMethod_NamingItAndTheKnownOnes()
    {
        using var folder = new TempDirectory();
        Config("spectralhash2").WriteTo(folder.Path);
        var e = Assert.Throws<InvalidInputException>(() => TrainedRun.Open(folder.Path));
        Assert.Contains("'spectralhash2'", e.Message);
        Assert.Contains("cibhash, bihalf, greedyhash", e.Message);
        Assert.Contains(folder.Path, e.Message);
    }
}
