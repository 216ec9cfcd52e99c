using Dsch.Backbones;
using Dsch.Features;
using Dsch.Tests.TestSupport;
using Dsch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Tests.Hostile;

/// <summary>
/// Files that were altered after they were written — a checkpoint byte, a manifest that lies about a shape, a cut-off
/// JPEG — are detected, never used silently: probes F9, F10 and the truncated-image probe.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class IntegrityProbes
{
    [Fact]
    public void F9_CheckpointWithOneFlippedByte_IsRefusedOnResume_NamingTheFile()
    {
        using var run = new TempDirectory();
        using var model = nn.Linear(6, 4);
        using var optimizer = new TrainingOptimizer(model.parameters(), OptimizerOptions.StandardAdam(1e-3));
        Checkpoint.Save(run.Path, model, optimizer, completedEpochs: 1, history: []);
        var weights = Directory.GetFiles(run.Path, "model.weight.npy", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(weights);
        bytes[^3] ^= 0x01;                                                      // one bit of one weight
        File.WriteAllBytes(weights, bytes);

        using var fresh = nn.Linear(6, 4);
        using var freshOptimizer = new TrainingOptimizer(fresh.parameters(), OptimizerOptions.StandardAdam(1e-3));
        var error = Assert.Throws<InvalidInputException>(() => Checkpoint.Load(run.Path, fresh, freshOptimizer));
        Assert.Contains("model.weight.npy", error.Message);
        Assert.Contains("SHA-256", error.Message);
    }

    [Fact]
    public void F9_IntactCheckpoint_StillRestoresTheSavedWeights()
    {
        using var run = new TempDirectory();
        using var model = nn.Linear(6, 4);
        using var optimizer = new TrainingOptimizer(model.parameters(), OptimizerOptions.StandardAdam(1e-3));
        Checkpoint.Save(run.Path, model, optimizer, completedEpochs: 1, history: []);
        using var fresh = nn.Linear(6, 4);
        using var freshOptimizer = new TrainingOptimizer(fresh.parameters(), OptimizerOptions.StandardAdam(1e-3));
        Assert.Equal(1, Checkpoint.Load(run.Path, fresh, freshOptimizer).CompletedEpochs);
        Assert.Equal(model.weight!.data<float>().ToArray(), fresh.weight!.data<float>().ToArray());
    }

    [Fact]
    public void F10_ManifestClaimingAnotherShape_MakesTheCacheCorrupt_AndItIsRebuilt()
    {
        using var folder = new TempDirectory();
        torch.manual_seed(5);
        using var backbone = new Vgg(16, widthDivisor: 16);
        int[] query = [0, 1], database = [2, 3, 4], train = [2, 3];
        var key = new FeatureCacheKey(backbone.Id, "", backbone.FeatureDimension, 32, backbone.Preprocessing, "synthetic",
            FeatureCacheKey.HashIndices(query, database, train), "labels", "{}", 0, 1, query.Length, database.Length, train.Length);
        var source = new FeatureCacheSource(query, database, train, (indices, view) =>
            tensor(Enumerable.Range(0, indices.Count * 3 * 32 * 32).Select(i => (float)Math.Sin(i * 0.01 + (view ?? -1))).ToArray(),
                [indices.Count, 3, 32, 32]));
        FeatureCache.Build(folder.Path, key, backbone, source, batchSize: 2, progress: null);

        var manifestPath = folder.File(FeatureCacheManifest.FileName);
        var honest = FeatureCacheManifest.Read(manifestPath);
        var lying = honest with { Files = honest.Files.Select(f => f.Name == "query.npy" ? f with { Shape = [7, f.Shape[1]] } : f).ToList() };
        File.WriteAllText(manifestPath, lying.ToJson());

        var status = FeatureCache.Inspect(folder.Path, key);
        Assert.Equal(FeatureCacheState.Corrupt, status.State);
        Assert.Contains("query.npy", status.Reason);
        using var rebuilt = FeatureCache.GetOrBuild(folder.Path, key, backbone, source, 2, null, out var found);
        Assert.Equal(FeatureCacheState.Corrupt, found.State);
        Assert.Equal(new long[] { 2, backbone.FeatureDimension }, rebuilt.Query.shape);
        Assert.Equal(FeatureCacheState.Valid, FeatureCache.Inspect(folder.Path, key).State);
    }

    [Theory]
    [InlineData("jpg", "truncated JPEG")]
    [InlineData("png", "truncated PNG")]
    public void TruncatedImage_IsRefusedByDecode(string extension, string reason)
    {
        using var data = new TempDirectory();
        HostileInput.WriteImageList(data.Path);
        var image = data.File($"img/cut.{extension}");
        Tests.Data.DataFixtures.WritePng(image, 1, 320, 240);                   // saved as JPEG for a .jpg name
        var bytes = File.ReadAllBytes(image);
        File.WriteAllBytes(image, bytes[..(bytes.Length * 2 / 3)]);
        HostileInput.ReplaceLine(data.File("database.txt"), 0, $"img/cut.{extension} 1 0 0");
        HostileInput.AssertRefused(HostileInput.Run("data", "info", "--dataset", "imagelist", "--root", data.Path, "--decode"), $"cut.{extension}", reason);
    }
}
