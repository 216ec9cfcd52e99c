using System.Security.Cryptography;
using Dsch.Experiments;
using Dsch.Tests.Notebooks;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Experiments;

/// <summary>
/// <c>dsch reproduce</c> on a fine-tuning preset: DSCH and the contrastive baseline fine-tuned end to end beside a
/// classical method on frozen features; a grid killed mid-cell resumes to the uninterrupted results without recomputing
/// finished cells; a changed configuration against the same folder is refused; overrides are checked before writing.
/// Kept small: the 90-image coloured-squares set, 8 bits, 3 epochs (--epochs 3).
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class FinetuneReproduceTests
{
    static string[] Arguments(string data, string output, params string[] extra) =>
        ["reproduce", "--preset", "finetune", "--dataset", "imagelist", "--root", data, "--bits", "8", "--methods", "dsch,baseline,lsh", "--epochs", "3", "--out", output, .. extra];

    [Fact]
    public void FinetuneGrid_KilledMidCell_ResumesToTheUninterruptedResults_AndRefusesAnotherConfiguration()
    {
        using var data = new TempDirectory();
        using var runs = new TempDirectory();
        ExperimentFixtures.WriteColouredSquares(data.Path);
        var uninterrupted = runs.File("uninterrupted");
        var killed = runs.File("killed");

        var reference = CliProcess.Run(Arguments(data.Path, uninterrupted));
        Assert.True(reference.ExitCode == 0, reference.Stderr + reference.Stdout);
        Assert.Contains("fine-tuned end to end for 3 epochs", reference.Stdout);
        Assert.Contains("probe:", reference.Stdout);
        Assert.Contains("dsch-8b-s0", reference.Stdout);
        var rows = ResultsCsv.Read(Path.Combine(uninterrupted, "results.csv"));
        Assert.All(rows.Where(r => r.Method is "dsch" or "baseline"), r => Assert.Equal("resnet18@32+finetune", r.Backbone));
        Assert.All(rows.Where(r => r.Method == "lsh"), r => Assert.Equal("resnet18@32", r.Backbone));
        Assert.Contains("fine-tuned end to end", File.ReadAllText(Path.Combine(uninterrupted, "summary.md")));
        // Evaluated after the last epoch only: one evaluated record, and the codes of that evaluation are the run's.
        var metrics = File.ReadAllLines(Path.Combine(uninterrupted, "runs", "dsch-8b-s0", "metrics.jsonl"));
        Assert.Equal(3, metrics.Length);
        Assert.Contains("\"map\":{}", metrics[0].Replace(" ", ""), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"map\":{}", metrics[2].Replace(" ", ""), StringComparison.OrdinalIgnoreCase);

        // Killed while the baseline cell trains (DSCH's cell finished): the rerun keeps DSCH's cell and resumes the baseline.
        KilledCli.KillWhen(Arguments(data.Path, killed), _ =>
        {
            var pointer = Path.Combine(killed, "runs", "baseline-8b-s0", "checkpoint.json");
            return File.Exists(pointer) && File.ReadAllText(pointer).Contains("\"completedEpochs\": 1");
        }, TimeSpan.FromMinutes(8));
        var finishedCell = Path.Combine(killed, "cells", "dsch-8b-s0.json");
        Assert.True(File.Exists(finishedCell));
        var finishedBefore = File.ReadAllBytes(finishedCell);
        Assert.True(File.Exists(Path.Combine(killed, "results.csv")), "tables are written after every finished cell");

        var rerun = CliProcess.Run(Arguments(data.Path, killed));
        Assert.True(rerun.ExitCode == 0, rerun.Stderr + rerun.Stdout);
        Assert.Contains("3 cells, 1 already finished", rerun.Stdout);
        Assert.Contains("resuming from the checkpoint", rerun.Stdout);
        Assert.DoesNotContain("dsch 8 bits seed 0: fine-tuning", rerun.Stdout);
        Assert.Equal(finishedBefore, File.ReadAllBytes(finishedCell));
        Assert.Equal(Metrics(uninterrupted), Metrics(killed));
        foreach (var cell in new[] { "dsch-8b-s0", "baseline-8b-s0" })
            foreach (var file in new[] { "query_codes.npy", "database_codes.npy" })
                Assert.Equal(File.ReadAllBytes(Path.Combine(uninterrupted, "runs", cell, file)), File.ReadAllBytes(Path.Combine(killed, "runs", cell, file)));

        // Another configuration against the finished folder: refused, naming the setting, nothing changed.
        var before = Snapshot(killed);
        var changed = CliProcess.Run(Arguments(data.Path, killed, "--evaluate", "every"));
        Assert.Equal(2, changed.ExitCode);
        Assert.Contains("training.evaluation", changed.Stderr);
        Assert.Single(changed.Stderr.Trim().Split('\n'));
        Assert.Equal(before, Snapshot(killed));
    }

    [Theory]
    [InlineData("--epochs", "0", "--epochs")]
    [InlineData("--input-size", "16", "--input-size")]
    [InlineData("--backbone", "alexnet", "--backbone")]
    [InlineData("--weights", "/nonexistent/vgg19.pth", "--weights")]
    [InlineData("--evaluate", "sometimes", "--evaluate")]
    public void BadOverride_ExitsTwoNamingTheOption_BeforeWriting(string option, string value, string named)
    {
        using var data = new TempDirectory();
        using var runs = new TempDirectory();
        ExperimentFixtures.WriteColouredSquares(data.Path);
        var output = runs.File("grid");
        var result = CliProcess.Run(Arguments(data.Path, output, option, value));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.Stderr);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void PaperPreset_WithoutWeights_SaysWhatIsMissing_BeforeWriting()
    {
        using var root = new TempDirectory();
        var cifar = Path.Combine(root.Path, "cifar10");
        NotebookDatasets.WriteCifar10(cifar);
        var output = root.File("grid");
        var result = CliProcess.Run("reproduce", "--preset", "cifar10", "--root", cifar, "--out", output);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--weights", result.Stderr);
        Assert.False(Directory.Exists(output));

        var missing = CliProcess.Run("reproduce", "--preset", "cifar10", "--root", root.File("absent"), "--backbone", "resnet18", "--out", output);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("absent", missing.Stderr);
        Assert.False(Directory.Exists(output));
    }

    /// <summary>
    /// The dry run of the CIFAR-10 protocol on CIFAR-10 binary batches with the offline ResNet-18 at 32 px: the plan names
    /// the protocol's split (1,000 queries, 5,000 training images, the rest as database) and the measured estimate; the
    /// test stops it there (the full run is minutes of fine-tuning on 5,000 images).
    /// </summary>
    [Fact]
    public void PaperPreset_WithTheResNetOverride_PlansTheCifar10Protocol()
    {
        using var root = new TempDirectory();
        var cifar = Path.Combine(root.Path, "cifar10");
        NotebookDatasets.WriteCifar10(cifar);
        var output = root.File("grid");
        string[] arguments = ["reproduce", "--preset", "cifar10", "--root", cifar, "--backbone", "resnet18", "--input-size", "32",
            "--epochs", "1", "--bits", "16", "--methods", "dsch", "--out", output];
        var stdout = KilledCli.KillWhen(arguments, text => text.Contains("estimated training time"), TimeSpan.FromMinutes(8));
        Assert.Contains("5000 train, 1000 query", stdout);
        Assert.Contains("mAP@1000", stdout);
        Assert.Contains("backbone resnet18@32, fine-tuned end to end for 1 epochs", stdout);
        Assert.Contains("dsch-16b-s0", stdout);
    }

    static string[] Metrics(string folder) =>
        ResultsCsv.Read(Path.Combine(folder, "results.csv")).Select(r => $"{r.Method} {r.Bits} {r.Seed} {r.Metric} {r.Value:R}").ToArray();

    static Dictionary<string, string> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
