using Dsch.Config;
using Dsch.Data;
using Dsch.Features;
using Dsch.Tests.Data;
using Dsch.Tests.TestSupport;
using Dsch.Training;
using TorchSharp;

namespace Dsch.Tests.Hostile;

/// <summary>
/// A run or a grid records the data it is computed on (<c>data.json</c>: absolute root, split, labels, image files) and
/// refuses to continue on other data (issue 27, item 1).
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class DataIdentityProbes
{
    /// <summary>A run folder half-way through training on the image list in <paramref name="data"/>, recorded as <c>train</c> records it.</summary>
    static string HalfFinishedRun(TempDirectory parent, string data, string configRoot)
    {
        var run = parent.File("run");
        Directory.CreateDirectory(run);
        new RunConfig("imagelist", configRoot, 0, new FeatureCacheOptions(), Presets.ForTraining("quick", "imagelist").TrainingFor(16, 0).Validate()).WriteTo(run);
        DataIdentity.Of(DatasetCatalog.Open("imagelist", data, 0)).RecordIn(run);
        using var model = torch.nn.Linear(4, 2);
        using var optimizer = new TrainingOptimizer(model.parameters(), OptimizerOptions.StandardAdam(1e-3));
        Checkpoint.Save(run, model, optimizer, completedEpochs: 1, history: []);
        return run;
    }

    [Fact]
    public void ResumeOnChangedImages_IsRefused_NamingTheRecord()
    {
        using var parent = new TempDirectory();
        using var data = new TempDirectory();
        HostileInput.WriteImageList(data.Path);
        var run = HalfFinishedRun(parent, data.Path, data.Path);
        DataFixtures.WritePng(data.File("img/3.png"), 99, 22, 14);                // another picture under the same name
        var before = HostileInput.Snapshot(run);
        HostileInput.AssertRefused(HostileInput.Run("train", "--resume", run), "data.json", "imagesHash", "--resume");
        Assert.Equal(before, HostileInput.Snapshot(run));
    }

    [Fact]
    public void ResumeWithARelativeRoot_OpensTheRecordedAbsoluteFolder_AndRefusesWhenItIsGone()
    {
        using var parent = new TempDirectory();
        using var data = new TempDirectory();
        HostileInput.WriteImageList(data.Path);
        // config.json's relative root would resolve against whatever folder the resume starts in.
        var run = HalfFinishedRun(parent, data.Path, "some/relative/data");
        Directory.Move(data.Path, data.Path + "-moved");
        try
        {
            var before = HostileInput.Snapshot(run);
            HostileInput.AssertRefused(HostileInput.Run("train", "--resume", run), "data.json", "root", data.Path);
            Assert.Equal(before, HostileInput.Snapshot(run));
        }
        finally { Directory.Move(data.Path + "-moved", data.Path); }
    }

    [Fact]
    public void GridRerunOnAnotherRoot_IsRefused_AndKeepsItsCells()
    {
        using var parent = new TempDirectory();
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        HostileInput.WriteImageList(first.Path);
        HostileInput.WriteImageList(second.Path);                              // same name, sizes and labels: only the folder differs
        var results = parent.File("results");
        var started = CliProcess.Run("reproduce", "--dataset", "imagelist", "--root", first.Path, "--bits", "8", "--methods", "lsh", "--out", results);
        Assert.True(started.ExitCode == 0, started.Stderr);
        Assert.True(File.Exists(Path.Combine(results, DataIdentity.FileName)));
        var before = HostileInput.Snapshot(results);
        var rerun = HostileInput.Run("reproduce", "--dataset", "imagelist", "--root", second.Path, "--bits", "8", "--methods", "lsh", "--out", results);
        HostileInput.AssertRefused(rerun, "data.json", "root", "--out");
        Assert.Equal(before, HostileInput.Snapshot(results));
    }
}
