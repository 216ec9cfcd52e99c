using System.Text.Json;
using Dsch.Data;
using Dsch.Experiments;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Experiments;

/// <summary>
/// <c>dsch reproduce</c> and <c>dsch ablate</c> with the deep baselines (CIBHash, BiHalf, GreedyHash) on the 90-image
/// coloured-squares set: their rows reach results.csv and summary.md in frozen and fine-tuned mode; a method that
/// cannot run on the data, or an unknown name, is refused with exit 2 before anything is written.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class DeepBaselineReproduceTests
{
    [Fact]
    public void Frozen_BiHalfAndGreedyHash_TrainBesideDsch_IntoTheSameTables()
    {
        using var data = new TempDirectory();
        using var output = new TempDirectory();
        ExperimentFixtures.WriteColouredSquares(data.Path);
        var result = CliProcess.Run("reproduce", "--dataset", "imagelist", "--root", data.Path, "--bits", "16",
            "--methods", "dsch,bihalf,greedyhash", "--epochs", "1", "--out", output.Path);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        var rows = ResultsCsv.Read(output.File("results.csv"));
        foreach (var method in new[] { "bihalf", "greedyhash" })
        {
            Assert.InRange(rows.Single(r => r.Method == method && r.Metric == "mAP@1000").Value, 0, 1);
            var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(output.Path, "runs", $"{method}-16b-s0", "config.json"))).RootElement;
            Assert.Equal(method, config.GetProperty("method").GetString());
            Assert.Equal(32, config.GetProperty("training").GetProperty("batchSize").GetInt32());
        }
        Assert.False(JsonDocument.Parse(File.ReadAllText(Path.Combine(output.Path, "runs", "dsch-16b-s0", "config.json"))).RootElement.TryGetProperty("method", out _));
        var summary = File.ReadAllText(output.File("summary.md"));
        Assert.Contains("| bihalf |", summary);
        Assert.Contains("| greedyhash |", summary);
        // encode rebuilds the baseline's own head: the run's database set gives the codes the run wrote.
        EncodedDatabase_EqualsTheRunsCodes(Path.Combine(output.Path, "runs", "bihalf-16b-s0"), data.Path);
    }

    static void EncodedDatabase_EqualsTheRunsCodes(string run, string data)
    {
        using var encoded = new TempDirectory();
        var result = CliProcess.Run("encode", "--run", run, "--dataset", "imagelist", "--root", data, "--set", "database", "--out", encoded.File("db.npy"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        var expected = Inference.EncodeCliTests.SignsOf(Path.Combine(run, "database_codes.npy"));
        Assert.Equal(expected, (sbyte[])NpyFile.Read(encoded.File("db.npy")).Data);
    }

    [Fact]
    public void Frozen_CibHash_OnASetSmallerThanItsBatch_IsRefusedBeforeWriting()
    {
        using var data = new TempDirectory();
        using var runs = new TempDirectory();
        ExperimentFixtures.WriteColouredSquares(data.Path);
        var output = runs.File("grid");
        var result = CliProcess.Run("reproduce", "--dataset", "imagelist", "--root", data.Path, "--bits", "16",
            "--methods", "cibhash", "--epochs", "1", "--out", output);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("64", result.Stderr);
        Assert.Contains($"{ExperimentFixtures.Classes * ExperimentFixtures.TrainPerClass} training images", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Finetuned_CibHashAndGreedyHashCells_TrainEndToEnd_WithThePresetsSchedule()
    {
        using var data = new TempDirectory();
        using var output = new TempDirectory();
        ExperimentFixtures.WriteColouredSquares(data.Path);
        var result = CliProcess.Run("reproduce", "--preset", "finetune", "--dataset", "imagelist", "--root", data.Path, "--bits", "8",
            "--methods", "cibhash,greedyhash", "--epochs", "1", "--out", output.Path);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        foreach (var method in new[] { "cibhash", "greedyhash" })      // greedyhash: its target from the frozen pretrained copy
        {
            var row = ResultsCsv.Read(output.File("results.csv")).Single(r => r.Method == method && r.Metric == "mAP@1000");
            Assert.Equal("resnet18@32+finetune", row.Backbone);
            Assert.InRange(row.Value, 0, 1);
        }
        Assert.Contains("and cibhash, greedyhash fine-tuned end to end", File.ReadAllText(output.File("summary.md")));
        EncodedDatabase_EqualsTheRunsCodes(Path.Combine(output.Path, "runs", "cibhash-8b-s0"), data.Path);
    }

    [Fact]
    public void Ablate_AcceptsADeepBaseline_AsAGridItem()
    {
        using var data = new TempDirectory();
        using var output = new TempDirectory();
        ExperimentFixtures.WriteColouredSquares(data.Path);
        var result = CliProcess.Run("ablate", "--dataset", "imagelist", "--root", data.Path, "--bits", "8",
            "--grid", "greedyhash", "--epochs", "1", "--out", output.Path);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Equal(["greedyhash"], ResultsCsv.Read(output.File("results.csv")).Select(r => r.Method).Distinct().ToArray());
    }

    [Fact]
    public void UnknownMethod_ListsTheKnownOnes_AndExitsWith2()
    {
        var result = CliProcess.Run("reproduce", "--methods", "dsch,deephash");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'deephash'", result.Stderr);
        foreach (var known in new[] { "dsch", "baseline", "cibhash", "bihalf", "greedyhash", "itq", "lsh", "pcah", "sh" })
            Assert.Contains(known, result.Stderr);
    }
}
