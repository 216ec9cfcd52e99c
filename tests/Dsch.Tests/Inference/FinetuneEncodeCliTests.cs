using Dsch.Data;
using Dsch.Tests.Experiments;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Inference;

/// <summary><c>dsch encode</c> with a fine-tuned run (backbone and head trained end to end) reproduces the run's codes.</summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class FinetuneEncodeCliTests
{
    [Fact]
    public void FinetunedRun_DatabaseSet_GivesTheCodesTheRunWrote()
    {
        using var folder = new TempDirectory();
        var data = folder.File("data");
        ExperimentFixtures.WriteColouredSquares(data);
        var run = folder.File("run");
        var trained = CliProcess.Run("train", "--dataset", "imagelist", "--root", data, "--bits", "16", "--epochs", "1", "--seed", "3",
            "--mode", "finetune", "--out", run);
        Assert.True(trained.ExitCode == 0, trained.Stderr + trained.Stdout);
        var encoded = CliProcess.Run("encode", "--run", run, "--dataset", "imagelist", "--root", data, "--set", "database", "--out", folder.File("db.npy"));
        Assert.True(encoded.ExitCode == 0, encoded.Stderr);
        Assert.Contains("finetune", encoded.Stdout);
        var expected = EncodeCliTests.SignsOf(Path.Combine(run, "database_codes.npy"));
        Assert.Equal(expected, (sbyte[])NpyFile.Read(folder.File("db.npy")).Data);
    }
}
