using System.Text.Json;
using System.Text.Json.Serialization;
using Dsch.Components;
using Dsch.Config;
using Dsch.Tests.TestSupport;
using Dsch.Training;

namespace Dsch.Tests.Training;

/// <summary>
/// The JSON a run writes keeps its exact bytes when the records behind it change shape: <c>config.json</c> of a run and
/// of a reproduction, and <c>metrics.jsonl</c> (its records are also <c>checkpoint.json</c>'s history). Reference folders
/// and the resume of older runs read these files.
/// </summary>
/// <remarks>
/// The fixtures in <c>Fixtures/RunFormat/</c> were written by the library at commit 5debadf, before
/// <see cref="ComponentOptions"/> gave its mixture settings to <see cref="GaussianMixtureOptions"/> and before
/// <see cref="EpochRecord"/> was built by name, from the same values the tests below build. One deliberate change since:
/// the paper presets evaluate after the last epoch only (<see cref="EvaluationSchedule.LastEpoch"/>), which adds their
/// <c>evaluation</c> field, the <c>finetune</c> preset's fixtures were written when it was added, and the quick preset's
/// files gained its warm-up's <c>mates</c> block (<see cref="Presets.QuickWarmupEpochs"/>); the rest of them are still
/// 5debadf's bytes.
/// </remarks>
public class RunFileFormatTests
{
    static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "RunFormat", name));

    /// <summary>The options <c>Reproduction</c> writes the reproduction's <c>config.json</c> with.</summary>
    static readonly JsonSerializerOptions ReproduceJson = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    public static TheoryData<string> PresetNames => [.. Presets.Names];

    [Theory]
    [MemberData(nameof(PresetNames))]
    public void RunConfig_OfEveryPreset_IsWrittenAsBefore(string name)
    {
        var preset = Presets.Get(name);
        Assert.Equal(Fixture($"run-config-{name}.json"), Written(new RunConfig(preset.Dataset, null, 0, preset.Features, preset.TrainingFor(32, 0))));
    }

    [Theory]
    [MemberData(nameof(PresetNames))]
    public void ReproductionConfig_TrainingSection_IsWrittenAsBefore(string name) =>
        Assert.Equal(Fixture($"reproduce-training-{name}.json"), JsonSerializer.Serialize(Presets.Get(name).Training, ReproduceJson));

    [Fact]
    public void RunConfig_WithEveryComponentSettingChanged_IsWrittenAsBefore_AndReadBackUnchanged()
    {
        var quick = Presets.Get("quick");
        var custom = new ComponentOptions
        {
            Fine = 7, Coarse = 3, Covariance = CovarianceType.Diagonal, NormalizePosteriors = true,
            RegCovar = 1e-4, MaxIter = 5, Tol = 0.5, CoarseRestarts = 2,
        };
        // Without the quick preset's warm-up (added later), so the fixture keeps 5debadf's bytes.
        var config = new RunConfig("imagelist", "/data/x", 3, quick.Features, quick.TrainingFor(16, 5) with { Components = custom, Mates = null });
        var expected = Fixture("run-config-custom-components.json");
        Assert.Equal(expected, Written(config));

        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("config.json"), expected);
        var read = RunConfig.ReadFrom(folder.Path);
        Assert.Equal(custom, read.Training.Components);
        Assert.Equal(new GaussianMixtureOptions(7, CovarianceType.Diagonal, 1e-4, 5, 0.5), read.Training.Components.Mixture);
        Assert.Equal(expected, Written(read));
    }

    [Fact]
    public void MetricsLog_IsWrittenAsBefore_AndReadBackUnchanged()
    {
        using var folder = new TempDirectory();
        MetricsLog.Write(folder.Path, Records());
        var expected = Fixture("metrics.jsonl");
        Assert.Equal(expected, File.ReadAllText(folder.File("metrics.jsonl")));

        File.Delete(folder.File("metrics.jsonl"));
        File.WriteAllText(folder.File("metrics.jsonl"), expected);
        var read = MetricsLog.Read(folder.Path);
        MetricsLog.Write(folder.Path, read);
        Assert.Equal(expected, File.ReadAllText(folder.File("metrics.jsonl")));
    }

    static string Written(RunConfig config)
    {
        using var folder = new TempDirectory();
        config.WriteTo(folder.Path);
        return File.ReadAllText(folder.File("config.json"));
    }

    static List<EpochRecord> Records() =>
    [
        new(Epoch: 0, Steps: 333, GlobalStep: 333, LearningRate: 0.000495,
            LossTotal: 3.1906184827959216, LossInstance: 1.7453829955768299, LossFine: 8.526632877441498, LossCoarse: 5.9257217513190374,
            EStepLogLikelihood: 179.28606529224933, EStepIterations: 5, EStepConverged: true, FineSizes: new ComponentSizes(0, 3, 222, 32),
            Map: new Dictionary<string, double> { ["1000"] = 0.6012119740179142, ["all"] = 0.40997341113307506 },
            MapTieAware: new Dictionary<string, double> { ["1000"] = 0.6011109146844493, ["all"] = 0.40998277202279954 },
            EStepSeconds: 1.9999897, MStepSeconds: 1.5861691, EvaluateSeconds: 0.3093502,
            Diagnostics: new EpochDiagnostics(2.5, 1.25, 0.125, 3.5, 7.75, 0.625, 0.5, ComponentTermsOn: true)),
        new(Epoch: 1, Steps: 12, GlobalStep: 345, LearningRate: 0.0001,
            LossTotal: 2.0, LossInstance: 2.0, LossFine: double.NaN, LossCoarse: double.NaN,
            EStepLogLikelihood: double.NaN, EStepIterations: 0, EStepConverged: false, FineSizes: null,
            Map: new Dictionary<string, double> { ["1000"] = 0.5 }, MapTieAware: new Dictionary<string, double> { ["1000"] = 0.5 },
            EStepSeconds: 0, MStepSeconds: 0.25, EvaluateSeconds: 0.125,
            Diagnostics: new EpochDiagnostics(double.NaN, double.NaN, 0, 0, 0, double.NaN, double.NaN, ComponentTermsOn: false)),
        new(Epoch: 2, Steps: 12, GlobalStep: 357, LearningRate: 0.0001,
            LossTotal: 1.5, LossInstance: 1.5, LossFine: 0, LossCoarse: 0,
            EStepLogLikelihood: double.NaN, EStepIterations: 0, EStepConverged: false, FineSizes: null,
            Map: new Dictionary<string, double> { ["1000"] = 0.55 }, MapTieAware: new Dictionary<string, double> { ["1000"] = 0.55 },
            EStepSeconds: 0, MStepSeconds: 0.25, EvaluateSeconds: 0.125),
    ];
}
