using Dsch.Backbones;
using Dsch.Features;
using Dsch.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Tests.Features;

/// <summary>The feature cache: extraction, reuse only on an identical key, corruption detected and never used.</summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public sealed class FeatureCacheTests : IDisposable
{
    const int Size = 32, Views = 2;
    static readonly int[] Query = [0, 1, 2];
    static readonly int[] Database = [3, 4, 5, 6, 7, 0];
    static readonly int[] Train = [3, 4, 8];

    readonly TempDirectory _temp = new();
    readonly Vgg _backbone;
    int _batchesLoaded;

    public FeatureCacheTests()
    {
        torch.manual_seed(11);
        _backbone = new Vgg(16, widthDivisor: 16);
    }

    public void Dispose() { _backbone.Dispose(); _temp.Dispose(); }

    /// <summary>Deterministic synthetic images: a per-index, per-view pattern (view null = clean).</summary>
    Tensor Images(IReadOnlyList<int> indices, int? view)
    {
        _batchesLoaded++;
        var data = new float[indices.Count * 3 * Size * Size];
        for (int n = 0; n < indices.Count; n++)
            for (int i = 0; i < 3 * Size * Size; i++)
                data[n * 3 * Size * Size + i] = (float)(0.5 + 0.5 * Math.Sin(i * 0.01 * (indices[n] + 1) + 0.7 * (view ?? -1)));
        return tensor(data, [indices.Count, 3, Size, Size]);
    }

    FeatureCacheKey Key(int views = Views) => new(
        _backbone.Id, "", _backbone.FeatureDimension, Size, _backbone.Preprocessing, "synthetic",
        FeatureCacheKey.HashIndices(Query, Database, Train), "labels", "{}", 7, views, Query.Length, Database.Length, Train.Length);

    FeatureCacheSource Source() => new(Query, Database, Train, Images);

    CachedFeatures Build(string folder, FeatureCacheKey key, out FeatureCacheStatus status) =>
        FeatureCache.GetOrBuild(folder, key, _backbone, Source(), batchSize: 2, progress: null, out status);

    [Fact]
    public void GetOrBuild_ExtractsTheBackboneFeaturesOfEverySet()
    {
        using var cached = Build(_temp.Path, Key(), out var status);
        Assert.Equal(FeatureCacheState.Missing, status.State);
        Assert.Equal(new long[] { 3, 256 }, cached.Query.shape);
        Assert.Equal(new long[] { 6, 256 }, cached.Database.shape);
        Assert.Equal(new long[] { Views, 3, 256 }, cached.TrainViews.shape);
        using var noGrad = torch.no_grad();
        _backbone.eval();
        using var expectedDatabase = _backbone.forward(Images(Database, null));
        using var expectedView = _backbone.forward(Images(Train, 1));
        Assert.True(cached.Database.allclose(expectedDatabase, rtol: 1e-5, atol: 1e-6));
        Assert.True(cached.TrainViews[1].allclose(expectedView, rtol: 1e-5, atol: 1e-6));
        Assert.True(cached.Query[0].allclose(cached.Database[5], 0, 0), "image 0 is in both sets");
        Assert.True(expectedDatabase.abs().max().item<float>() > 1e-4f, $"features too small to compare: {expectedDatabase.abs().max().item<float>()}");
        Assert.False(cached.TrainViews[0].allclose(cached.TrainViews[1], 0, 0), "views must differ");
    }

    [Fact]
    public void GetOrBuild_ReusesAValidCache_WithoutLoadingImages()
    {
        using (Build(_temp.Path, Key(), out _)) { }
        _batchesLoaded = 0;
        using var again = Build(_temp.Path, Key(), out var status);
        Assert.Equal(FeatureCacheState.Valid, status.State);
        Assert.Equal(0, _batchesLoaded);
    }

    [Fact]
    public void GetOrBuild_Rebuilds_WhenTheKeyDiffers()
    {
        using (Build(_temp.Path, Key(), out _)) { }
        using var rebuilt = Build(_temp.Path, Key(views: 3), out var status);
        Assert.Equal(FeatureCacheState.Stale, status.State);
        Assert.Contains("Views", status.Reason);
        Assert.Equal(3, rebuilt.TrainViews.shape[0]);
    }

    [Fact]
    public void TruncatedFile_IsDetected_RefusedByLoad_AndRebuilt()
    {
        using (Build(_temp.Path, Key(), out _)) { }
        var file = _temp.File("database.npy");
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..^10]);
        var status = FeatureCache.Inspect(_temp.Path, Key());
        Assert.Equal(FeatureCacheState.Corrupt, status.State);
        Assert.Contains("database.npy", status.Reason);
        Assert.Contains("database.npy", Assert.Throws<InvalidInputException>(() => FeatureCache.Load(_temp.Path, Key())).Message);
        using var rebuilt = Build(_temp.Path, Key(), out var before);
        Assert.Equal(FeatureCacheState.Corrupt, before.State);
        Assert.Equal(bytes, File.ReadAllBytes(file));
    }

    [Fact]
    public void AlteredValue_OfTheSameLength_IsDetected()
    {
        using (Build(_temp.Path, Key(), out _)) { }
        var file = _temp.File("train_views.npy");
        var bytes = File.ReadAllBytes(file);
        bytes[^3] ^= 0x40;
        File.WriteAllBytes(file, bytes);
        Assert.Equal(FeatureCacheState.Corrupt, FeatureCache.Inspect(_temp.Path, Key()).State);
        Assert.Contains("SHA-256", Assert.Throws<InvalidInputException>(() => FeatureCache.Load(_temp.Path, Key())).Message);
    }

    [Fact]
    public void ManifestOfAnEarlierPipeline_IsStale_AndRebuilt()
    {
        var current = Key() with { PipelineVersion = FeatureCacheKey.CurrentPipelineVersion };
        using (Build(_temp.Path, current, out _)) { }
        var manifest = _temp.File(FeatureCacheManifest.FileName);
        var text = File.ReadAllText(manifest);
        Assert.Contains("\"pipeline_version\": 1", text);
        // A manifest written before the field existed: the key reads as version 0.
        File.WriteAllText(manifest, text.Replace(",\n    \"pipeline_version\": 1", ""));
        var status = FeatureCache.Inspect(_temp.Path, current);
        Assert.Equal(FeatureCacheState.Stale, status.State);
        Assert.Contains("PipelineVersion", status.Reason);
        int before = _batchesLoaded;
        using (Build(_temp.Path, current, out var rebuilt)) Assert.Equal(FeatureCacheState.Stale, rebuilt.State);
        Assert.True(_batchesLoaded > before, "the stale cache was not re-extracted");
        Assert.Equal(FeatureCacheState.Valid, FeatureCache.Inspect(_temp.Path, current).State);
    }

    [Fact]
    public void DamagedManifest_IsCorrupt_AndEditedManifest_IsStale()
    {
        using (Build(_temp.Path, Key(), out _)) { }
        var manifest = _temp.File(FeatureCacheManifest.FileName);
        var text = File.ReadAllText(manifest);
        File.WriteAllText(manifest, text.Replace("\"views\": 2", "\"views\": 5"));
        Assert.Equal(FeatureCacheState.Stale, FeatureCache.Inspect(_temp.Path, Key()).State);
        File.WriteAllText(manifest, text[..(text.Length / 2)]);
        var status = FeatureCache.Inspect(_temp.Path, Key());
        Assert.Equal(FeatureCacheState.Corrupt, status.State);
        Assert.Contains(FeatureCacheManifest.FileName, status.Reason);
        Assert.Throws<InvalidInputException>(() => FeatureCache.Load(_temp.Path, Key()));
    }

    [Fact]
    public void Build_IsDeterministic_AndReportsProgressToTheTotal()
    {
        var progress = new List<ExtractionProgress>();
        var reporter = new SynchronousProgress(progress.Add);
        var a = FeatureCache.Build(_temp.File("a"), Key(), _backbone, Source(), 2, reporter);
        var b = FeatureCache.Build(_temp.File("b"), Key(), _backbone, Source(), 2, null);
        Assert.Equal(a.Files.Select(f => f.Sha256), b.Files.Select(f => f.Sha256));
        long total = 9 + Views * Train.Length;   // 9 distinct clean images + V·Nt views
        Assert.Equal(total, progress[^1].Total);
        Assert.Equal(total, progress[^1].Done);
        Assert.True(progress[^1].ImagesPerSecond > 0);
        Assert.Equal(TimeSpan.Zero, progress[^1].Eta);
    }

    [Fact]
    public void BadImage_StopsTheBuild_WithItsError_AndLeavesNoCache()
    {
        var source = Source() with
        {
            LoadBatch = (indices, view) => indices.Contains(6)
                ? throw InvalidInputException.At("img/6.png", null, "undecodable image")
                : Images(indices, view),
        };
        var error = Assert.Throws<InvalidInputException>(() => FeatureCache.Build(_temp.Path, Key(), _backbone, source, 2, null));
        Assert.Contains("img/6.png", error.Message);
        Assert.Equal(FeatureCacheState.Missing, FeatureCache.Inspect(_temp.Path, Key()).State);
    }

    [Fact]
    public void Build_Refuses_AKeyForAnotherBackbone()
    {
        var key = Key() with { BackboneId = "resnet18-imagenet-onnx" };
        Assert.Throws<InvalidInputException>(() => FeatureCache.Build(_temp.Path, key, _backbone, Source(), 2, null));
    }

    sealed class SynchronousProgress(Action<ExtractionProgress> report) : IProgress<ExtractionProgress>
    {
        public void Report(ExtractionProgress value) => report(value);
    }
}
