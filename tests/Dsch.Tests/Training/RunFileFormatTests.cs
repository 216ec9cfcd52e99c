using System.Text.Json;
using System.Text.Json.Serialization;
using Dsch.Components;
using Dsch.Config;
using Dsch.Tests.TestSupport;
using Dsch.Training;

namespace Dsch.Tests.Training;

/// <summary>
/// <c>metrics.jsonl</c> keeps its exact bytes when the records behind it change shape (its records are also
/// <c>checkpoint.json</c>'s history): reference folders and tools read it. The configuration files are versioned
/// instead (<see cref="ConfigFormatTests"/>).
/// </summary>
/// <remarks>The fixture <c>Fixtures/RunFormat/metrics.jsonl</c> was written by the library at commit 5debadf, before
/// <see cref="EpochRecord"/> was built by name, from the values <see cref="Records"/> builds.</remarks>
public class RunFileFormatTests
{
    static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "RunFormat", name));

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
