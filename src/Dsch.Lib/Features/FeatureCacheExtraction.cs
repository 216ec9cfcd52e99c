using System.Text.Json;
using Dsch.Backbones;
using Dsch.Data;
using Dsch.IO;

namespace Dsch.Features;

/// <summary>
/// The notebook/CLI entry point of the frozen-features mode: backbone features of a dataset's query,
/// database and training images plus V augmented views per training image, cached on disk
/// (<see cref="FeatureCache"/>) and reused while nothing that determines them changed.
/// </summary>
public static class FeatureCacheExtraction
{
    /// <summary>
    /// The cached features for <paramref name="data"/> under <paramref name="options"/>: loaded when a valid cache
    /// exists, else extracted (eval mode, no gradients) and written. <paramref name="status"/> tells what was found.
    /// </summary>
    public static CachedFeatures GetOrExtract(HashingDataset data, FeatureCacheOptions options,
        IProgress<ExtractionProgress>? progress, out FeatureCacheStatus status)
    {
        using var backbone = Open(data, options, out var folder, out var key);
        return FeatureCache.GetOrBuild(folder, key, backbone, SourceFor(data, options), options.BatchSize, progress, out status);
    }

    /// <summary>As <see cref="GetOrExtract"/> without loading the features (for the CLI): returns the manifest of the valid cache.</summary>
    public static FeatureCacheManifest Ensure(HashingDataset data, FeatureCacheOptions options,
        IProgress<ExtractionProgress>? progress, out FeatureCacheStatus status)
    {
        using var backbone = Open(data, options, out var folder, out var key);
        return FeatureCache.Ensure(folder, key, backbone, SourceFor(data, options), options.BatchSize, progress, out status);
    }

    /// <summary>The checked options' cache folder and key, and the backbone that extracts (the caller disposes it).</summary>
    static Backbone Open(HashingDataset data, FeatureCacheOptions options, out string folder, out FeatureCacheKey key)
    {
        options.Validate();
        folder = options.Folder ?? DefaultFolder(data.Name, options);
        var backbone = BackboneCatalog.Create(options.Backbone, options.Weights);
        try { key = KeyFor(data, backbone, options); }
        catch { backbone.Dispose(); throw; }
        return backbone;
    }

    /// <summary>
    /// <c>&lt;repository&gt;/.cache/features/&lt;dataset&gt;/&lt;backbone&gt;-&lt;S&gt;-v&lt;V&gt;</c> (the current folder when outside a checkout);
    /// the augmentation seed is added when it is not 0.
    /// </summary>
    public static string DefaultFolder(string dataset, FeatureCacheOptions options)
    {
        var root = RepositoryLayout.FindRoot() ?? Directory.GetCurrentDirectory();
        var name = $"{options.Backbone}-{options.InputSize}-v{options.Views}" + (options.AugmentationSeed == 0 ? "" : $"-seed{options.AugmentationSeed}");
        return Path.Combine(root, ".cache", "features", dataset, name);
    }

    /// <summary>The cache key of <paramref name="data"/>'s split under <paramref name="options"/> with <paramref name="backbone"/>.</summary>
    public static FeatureCacheKey KeyFor(HashingDataset data, Backbone backbone, FeatureCacheOptions options)
    {
        var split = data.Split;
        return new FeatureCacheKey(
            backbone.Id, WeightsHash(options), backbone.FeatureDimension, options.InputSize, backbone.Preprocessing,
            data.Name, FeatureCacheKey.HashIndices(split.Query, split.Database, split.Train), split.LabelHash,
            JsonSerializer.Serialize(options.Augmentation ?? AugmentationOptions.Paper), options.AugmentationSeed, options.Views,
            split.Query.Length, split.Database.Length, split.Train.Length, FeatureCacheKey.CurrentPipelineVersion, data.ImagesFingerprint(),
            split.Generator?.Id ?? "").Validate();
    }

    /// <summary>The images of <paramref name="data"/>'s split through <see cref="ImagePipeline.LoadBatch"/>: clean, or view v (epoch 0).</summary>
    public static FeatureCacheSource SourceFor(HashingDataset data, FeatureCacheOptions options)
    {
        var augment = options.Augmentation ?? AugmentationOptions.Paper;
        return new FeatureCacheSource(data.Split.Query, data.Split.Database, data.Split.Train,
            (indices, view) => ImagePipeline.LoadBatch(data, indices, options.InputSize, view is null ? null : augment,
                options.AugmentationSeed, epoch: 0, view: view ?? 0));
    }

    /// <summary>SHA-256 of the weights file (VGG) or of ResNet18.onnx, so changed weights invalidate the cache.</summary>
    static string WeightsHash(FeatureCacheOptions options)
    {
        var file = options.Backbone == "resnet18"
            ? ResNet18Onnx.Locate("ResNet18.onnx", options.Weights is not null && File.Exists(options.Weights) ? Path.GetDirectoryName(Path.GetFullPath(options.Weights)) : options.Weights)
            : options.Weights ?? throw new InvalidInputException($"--backbone {options.Backbone}: --weights is required");
        return FeatureCacheManifest.HashFile(file);
    }
}
