using System.Text.Json;
using System.Text.Json.Nodes;
using Dsch.Components;
using Dsch.Config;
using Dsch.Experiments;
using Dsch.IO;
using Dsch.Tests.TestSupport;
using Dsch.Training;

namespace Dsch.Tests.Training;

/// <summary>
/// The configuration files of runs and grids carry a format version, and files of an older format are migrated on
/// read into today's records: an old run folder still resumes, an old grid still continues.
/// </summary>
/// <remarks>
/// The fixtures in <c>Fixtures/ConfigV1/</c> are real version 1 files: <c>grid-*.json</c>, <c>run-*.json</c> and
/// <c>results-*.json</c> copied from <c>results/reference/quick-fashion-mnist</c> and
/// <c>results/reference/finetune-fashion-mnist</c> (grid.json, runs/&lt;cell&gt;/config.json, config.json),
/// <c>run-custom-components.json</c> written by the library at commit 5debadf with every component setting changed, and
/// <c>cli-train-quick-16b.json</c> written by <c>dsch train --bits 16 --epochs 3</c> of main at 710b75e.
/// </remarks>
public class ConfigFormatTests
{
    /// <summary>The preset as it was when the version-1 fixtures were written: the fine-tuning preset's λ was then the paper's 0.1.</summary>
    static ExperimentPreset PresetOfVersion1(string name)
    {
        var preset = Presets.Get(name);
        return name == "finetune" ? preset with { Training = preset.Training with { Loss = preset.Training.Loss with { Lambda = 0.1 } } } : preset;
    }

    static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ConfigV1", name));

    static readonly int[] ReferenceTopK = [1000, 5000, int.MaxValue];

    static RunConfig ReadRun(string fixture)
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("config.json"), Fixture(fixture));
        return RunConfig.ReadFrom(folder.Path);
    }

    /// <summary>The cell configuration <c>reproduce</c> builds today for a preset, method, bits and seed.</summary>
    static RunConfig Cell(string preset, string method, int bits, long seed)
    {
        var p = Presets.Get(preset);
        var spec = MethodSpec.ForMethod(method);
        var training = spec.Modify(p.TrainingFor(bits, seed)) with { TopK = ReferenceTopK };
        return new RunConfig(p.Dataset, null, 0, p.Features, training, spec.MethodFor(training)?.Name);
    }

    [Theory]
    [InlineData("run-quick-dsch-32b-s1.json", "quick", "dsch", 32, 1)]
    [InlineData("run-quick-cibhash-16b-s0.json", "quick", "cibhash", 16, 0)]
    [InlineData("run-finetune-baseline-32b-s0.json", "finetune", "baseline", 32, 0)]
    public void RunConfig_OfVersion1_MigratesToTheCellTodaysGridBuilds(string fixture, string preset, string method, int bits, long seed)
    {
        var read = ReadRun(fixture);
        Assert.Equal(Cell(preset, method, bits, seed).ToJson(), read.ToJson());
    }

    [Fact]
    public void RunFolder_OfVersion1_IsRecognisedAsTheSameRun_SoAGridCellResumes()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("config.json"), Fixture("run-quick-dsch-32b-s1.json"));
        Assert.True(RunConfig.Holds(folder.Path, Cell("quick", "dsch", 32, 1)));
        Assert.False(RunConfig.Holds(folder.Path, Cell("quick", "dsch", 32, 2)));
        Assert.False(RunConfig.Holds(folder.Path, Cell("quick", "baseline", 32, 1)));
    }

    [Fact]
    public void RunConfig_WrittenByMainsCli_MigratesToTheConfigTodaysTrainBuilds()
    {
        var read = ReadRun("cli-train-quick-16b.json");
        var quick = Presets.Get("quick");
        var expected = new RunConfig("fashion-mnist", null, 0, quick.Features, quick.TrainingFor(16, 0) with { Epochs = 3 });
        Assert.Equal(expected.ToJson(), read.ToJson());
    }

    [Fact]
    public void RunConfig_OfVersion1_WithEveryComponentSettingChanged_ReadsEverySetting()
    {
        var read = ReadRun("run-custom-components.json");
        var expected = new ComponentOptions
        {
            M1 = 7, M2 = 3, Covariance = CovarianceType.Diagonal, Normalize = true,
            RegCovar = 1e-4, MaxIter = 5, Tol = 0.5, CoarseRestarts = 2,
        };
        Assert.Equal(expected, read.Training.Components);
        Assert.Equal(new GaussianMixtureOptions(7, CovarianceType.Diagonal, 1e-4, 5, 0.5), read.Training.Components.Mixture);
        Assert.Equal(("imagelist", "/data/x", 3, 16, 5L), (read.Dataset, read.Root, read.SplitSeed, read.Training.Bits, read.Training.Seed));
    }

    [Fact]
    public void RunConfig_IsWrittenInTodaysFormat_AndReadsBackUnchanged()
    {
        var config = Cell("quick", "dsch", 32, 1);
        var text = config.ToJson();
        var document = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(ConfigFormat.Key, document.First().Key);
        Assert.Equal(ConfigFormat.Version, (int)document[ConfigFormat.Key]!);
        Assert.Equal("diagonal", (string)document["training"]!["components"]!["covariance"]!);
        Assert.False(document["training"]!["loss"]!.AsObject().ContainsKey("needsComponents"));

        using var folder = new TempDirectory();
        config.WriteTo(folder.Path);
        Assert.Equal(text, RunConfig.ReadFrom(folder.Path).ToJson());
    }

    [Theory]
    [InlineData("grid-quick-fashion-mnist.json", "quick", "dsch,baseline,cibhash,bihalf,greedyhash,itq,lsh,pcah,sh", "16,32,64")]
    [InlineData("grid-finetune-fashion-mnist.json", "finetune", "dsch,baseline,itq,lsh", "32")]
    public void GridJson_OfVersion1_EqualsTodaysConfigurationOfTheSameGrid(string fixture, string preset, string methods, string bits)
    {
        var grid = new Reproduction(PresetOfVersion1(preset), methods.Split(',').Select(m => MethodSpec.ForMethod(m)).ToList(),
            bits.Split(',').Select(int.Parse).ToList(), [0, 1, 2], "unused");
        var today = JsonNode.Parse(grid.GridConfiguration(grid.Preset, "cpu"));
        var migrated = ConfigFormat.Migrate(JsonNode.Parse(Fixture(fixture))!.AsObject(), fixture);
        Assert.True(JsonNode.DeepEquals(today, migrated), $"today:\n{today}\nmigrated:\n{migrated}");
    }

    [Fact]
    public void GridFolder_OfVersion1_ContinuesWithTheSameOptions_AndRefusesOthers()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("grid.json"), Fixture("grid-finetune-fashion-mnist.json"));
        Reproduction Grid(params long[] seeds) => new(PresetOfVersion1("finetune"),
            new[] { "dsch", "baseline", "itq", "lsh" }.Select(m => MethodSpec.ForMethod(m)).ToList(), [32], seeds, folder.Path);
        var same = Grid(0, 1, 2);
        GridFolder.RequireSameGrid(folder.Path, same.GridConfiguration(same.Preset, "cpu"), "--out");
        var other = Grid(0, 1);
        var refused = Assert.Throws<InvalidInputException>(() =>
            GridFolder.RequireSameGrid(folder.Path, other.GridConfiguration(other.Preset, "cpu"), "--out"));
        Assert.Contains("seeds", refused.Message);
    }

    [Fact]
    public void ResultsConfig_OfVersion1_WithPascalCaseOptions_MigratesToThePresetsTraining()
    {
        var migrated = ConfigFormat.Migrate(JsonNode.Parse(Fixture("results-quick-fashion-mnist.json"))!.AsObject(), "config.json");
        var training = migrated["training"]!.Deserialize<TrainingOptions>(JsonFiles.Options)!;
        Assert.Equal(JsonFiles.Serialize(Presets.Get("quick").Training), JsonFiles.Serialize(training));
        Assert.Equal("diagonal", (string)migrated["training"]!["components"]!["covariance"]!);
    }

    [Theory]
    [InlineData("3", "3 is not a format")]
    [InlineData("\"two\"", "\"two\" is not a format")]
    public void RunConfig_OfAnUnknownVersion_IsRefusedNamingTheFileAndKey(string version, string expected)
    {
        using var folder = new TempDirectory();
        var text = Cell("quick", "dsch", 16, 0).ToJson().Replace($"\"formatVersion\": {ConfigFormat.Version}", $"\"formatVersion\": {version}");
        File.WriteAllText(folder.File("config.json"), text);
        var refused = Assert.Throws<InvalidInputException>(() => RunConfig.ReadFrom(folder.Path));
        Assert.Contains("config.json", refused.Message);
        Assert.Contains("formatVersion", refused.Message);
        Assert.Contains(expected, refused.Message);
    }
}
