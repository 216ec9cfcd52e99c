using Dsch.Data;

namespace Dsch.Features;

/// <summary>
/// Everything that determines the content of a feature cache; a cache is reused only when its manifest
/// records an identical key.
/// </summary>
/// <param name="BackboneId">Backbone architecture + weights, e.g. <c>resnet18-imagenet-onnx</c>.</param>
/// <param name="WeightsHash">SHA-256 of the weights file, or "" when the weights are built in.</param>
/// <param name="FeatureDimension">D, the feature length.</param>
/// <param name="InputSize">S, the side the images are resized to.</param>
/// <param name="Preprocessing">The backbone's normalisation (see <c>Backbone.Preprocessing</c>).</param>
/// <param name="Dataset">Dataset name.</param>
/// <param name="SplitHash">Hash of the query/database/train index lists (<see cref="HashIndices"/>).</param>
/// <param name="LabelHash">Hash of the label matrix.</param>
/// <param name="Augmentation">The augmentation options, serialised (part of the run's recorded configuration).</param>
/// <param name="AugmentationSeed">Seed of the augmented views.</param>
/// <param name="Views">V, augmented views per training image (0 = none).</param>
/// <param name="QueryCount">Number of query images.</param>
/// <param name="DatabaseCount">Number of database images.</param>
/// <param name="TrainCount">Number of training images.</param>
/// <param name="PipelineVersion">Version of the code that turns images into features (decoding, resizing,
/// augmentation, backbone); manifests written before the field existed read as 0, so their caches are stale.</param>
/// <param name="ImagesHash">The dataset's <see cref="HashingDataset.ImagesFingerprint"/>: for image-file datasets, so that two
/// image lists of the same layout (split sizes and labels) do not share a cache.</param>
/// <param name="Generator">For generated datasets, <see cref="GeneratorStamp.Id"/> (generator version, seed, composition hash):
/// the same indices and labels from another generator version are other images. "" for datasets read from files.</param>
public sealed record FeatureCacheKey(
    string BackboneId, string WeightsHash, int FeatureDimension, int InputSize, string Preprocessing,
    string Dataset, string SplitHash, string LabelHash, string Augmentation, long AugmentationSeed, int Views,
    int QueryCount, int DatabaseCount, int TrainCount, int PipelineVersion = 0, string ImagesHash = "", string Generator = "")
{
    /// <summary>
    /// The feature pipeline's current version. <b>Bump it whenever a change to decoding, resizing, augmentation or
    /// a backbone changes the features</b>: nothing else tells an old cache from a new one with the same key (an
    /// early development build's cache was once reused silently and shifted a reference result).
    /// </summary>
    public const int CurrentPipelineVersion = 1;

    /// <summary>Throws <see cref="InvalidInputException"/> naming the first invalid field; returns this.</summary>
    public FeatureCacheKey Validate()
    {
        if (string.IsNullOrWhiteSpace(BackboneId)) throw new InvalidInputException("feature cache: backbone id is empty");
        if (FeatureDimension < 1) throw new InvalidInputException($"feature cache: feature dimension must be positive, got {FeatureDimension}");
        if (InputSize < 1) throw new InvalidInputException($"--input-size must be positive, got {InputSize}");
        if (Views < 0) throw new InvalidInputException($"--views must be ≥ 0, got {Views}");
        if (QueryCount < 0 || DatabaseCount < 0 || TrainCount < 0) throw new InvalidInputException("feature cache: negative set size");
        return this;
    }

    /// <summary>Lists the fields that differ from <paramref name="other"/> (empty when equal).</summary>
    public IReadOnlyList<string> Differences(FeatureCacheKey other) =>
        typeof(FeatureCacheKey).GetProperties()
            .Where(p => p.Name != "EqualityContract" && !Equals(p.GetValue(this), p.GetValue(other)))
            .Select(p => $"{p.Name}: cached '{p.GetValue(other)}', wanted '{p.GetValue(this)}'")
            .ToList();

    /// <summary>A SHA-256 (hex, first 16 bytes) of the three index lists, order-sensitive.</summary>
    public static string HashIndices(IReadOnlyList<int> query, IReadOnlyList<int> database, IReadOnlyList<int> train)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var list in new[] { query, database, train })
        {
            sha.AppendData(BitConverter.GetBytes(list.Count));
            foreach (var i in list) sha.AppendData(BitConverter.GetBytes(i));
        }
        return Convert.ToHexString(sha.GetHashAndReset())[..32].ToLowerInvariant();
    }
}
