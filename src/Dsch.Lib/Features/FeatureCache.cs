using System.Security.Cryptography;
using Dsch.Backbones;
using Dsch.Data;
using Dsch.IO;
using Dsch.Runtime;
using static TorchSharp.torch;

namespace Dsch.Features;

/// <summary>State of a cache folder relative to a wanted <see cref="FeatureCacheKey"/>.</summary>
public enum FeatureCacheState
{
    /// <summary>Manifest matches the key and every file matches its size and checksum.</summary>
    Valid,
    /// <summary>No manifest: nothing was cached (or an extraction never finished).</summary>
    Missing,
    /// <summary>A readable manifest for a different key (other backbone, size, split, views, seed …).</summary>
    Stale,
    /// <summary>A damaged manifest, or a data file missing, truncated or altered.</summary>
    Corrupt,
}

/// <summary>Result of <see cref="FeatureCache.Inspect"/>: the state and, unless valid, why.</summary>
/// <param name="State">The state.</param>
/// <param name="Reason">Why the cache cannot be used ("" when valid).</param>
public sealed record FeatureCacheStatus(FeatureCacheState State, string Reason);

/// <summary>Cached backbone features as CPU float32 tensors. Dispose to free them.</summary>
/// <param name="Manifest">The manifest they were read with.</param>
/// <param name="Query">(Nq, D).</param>
/// <param name="Database">(Nd, D).</param>
/// <param name="Train">(Nt, D), un-augmented.</param>
/// <param name="TrainViews">(V, Nt, D), augmented views.</param>
public sealed record CachedFeatures(FeatureCacheManifest Manifest, Tensor Query, Tensor Database, Tensor Train, Tensor TrainViews) : IDisposable
{
    /// <summary>Disposes the four tensors.</summary>
    public void Dispose()
    {
        Query.Dispose(); Database.Dispose(); Train.Dispose(); TrainViews.Dispose();
    }
}

/// <summary>
/// The on-disk feature cache of the frozen-features mode [decision]: <c>query.npy</c> (Nq, D),
/// <c>database.npy</c> (Nd, D), <c>train.npy</c> (Nt, D), <c>train_views.npy</c> (V, Nt, D), all float32,
/// and <c>manifest.json</c> (<see cref="FeatureCacheManifest"/>) with the key and each file's size and SHA-256.
/// </summary>
/// <remarks>
/// Every file is written atomically (temporary name + rename) and the manifest last, after the old manifest
/// was deleted, so an interrupted build leaves a folder that reads as <see cref="FeatureCacheState.Missing"/>.
/// A cache is used only when the manifest's key equals the wanted key and every checksum matches; a stale or
/// corrupt cache is rebuilt by <see cref="GetOrBuild"/> and refused by <see cref="Load"/>.
/// </remarks>
public static class FeatureCache
{
    static readonly string[] Sets = ["query", "database", "train", "train_views"];

    /// <summary>Checks <paramref name="folder"/> against <paramref name="key"/> (reads and hashes every file).</summary>
    public static FeatureCacheStatus Inspect(string folder, FeatureCacheKey key) => InspectFiles(folder, key, hashFiles: true);

    static FeatureCacheStatus InspectFiles(string folder, FeatureCacheKey key, bool hashFiles)
    {
        var manifestPath = Path.Combine(folder, FeatureCacheManifest.FileName);
        if (!File.Exists(manifestPath)) return new(FeatureCacheState.Missing, $"{manifestPath} does not exist");
        FeatureCacheManifest manifest;
        try { manifest = FeatureCacheManifest.Read(manifestPath); }
        catch (InvalidInputException error) { return new(FeatureCacheState.Corrupt, error.Message); }
        var differences = key.Differences(manifest.Key);
        if (differences.Count > 0) return new(FeatureCacheState.Stale, $"{manifestPath}: {string.Join("; ", differences)}");
        foreach (var file in manifest.Files)
            if (CheckFile(folder, file, hashFiles) is string problem) return new(FeatureCacheState.Corrupt, problem);
        if (!Sets.All(s => manifest.Files.Any(f => f.Name == s + ".npy")))
            return new(FeatureCacheState.Corrupt, $"{manifestPath}: does not list all of {string.Join(", ", Sets)}");
        // A manifest is believed only where it agrees with the key: an edited shape makes the cache corrupt (rebuilt) for every verb.
        foreach (var set in Sets)
        {
            var listed = manifest.Files.First(f => f.Name == set + ".npy");
            var expected = ExpectedShape(set, key);
            if (!listed.Shape.SequenceEqual(expected))
                return new(FeatureCacheState.Corrupt, $"{manifestPath}: {listed.Name} is listed with shape ({string.Join(", ", listed.Shape)}), the key implies ({string.Join(", ", expected)})");
        }
        return new(FeatureCacheState.Valid, "");
    }

    /// <summary>Reads a valid cache; throws <see cref="InvalidInputException"/> (with the reason) when it is missing, stale or corrupt.</summary>
    /// <remarks>Each file's checksum is verified on the bytes that are then parsed.</remarks>
    public static CachedFeatures Load(string folder, FeatureCacheKey key)
    {
        var status = InspectFiles(folder, key, hashFiles: false);
        if (status.State != FeatureCacheState.Valid)
            throw new InvalidInputException($"feature cache {folder} is {status.State.ToString().ToLowerInvariant()}: {status.Reason}");
        var manifest = FeatureCacheManifest.Read(Path.Combine(folder, FeatureCacheManifest.FileName));
        var tensors = Sets.Select(set => ReadVerified(folder, manifest.Files.Single(f => f.Name == set + ".npy"))).ToArray();
        return new CachedFeatures(manifest, tensors[0], tensors[1], tensors[2], tensors[3]);
    }

    /// <summary>
    /// The cached features for <paramref name="key"/>: loaded when the cache is valid, otherwise (missing, stale
    /// or corrupt) extracted with <paramref name="backbone"/> from <paramref name="source"/> and written first.
    /// <paramref name="status"/> tells what was found before.
    /// </summary>
    public static CachedFeatures GetOrBuild(string folder, FeatureCacheKey key, Backbone backbone, FeatureCacheSource source,
        int batchSize, IProgress<ExtractionProgress>? progress, out FeatureCacheStatus status)
    {
        status = Inspect(folder, key.Validate());
        if (status.State != FeatureCacheState.Valid) Build(folder, key, backbone, source, batchSize, progress);
        return Load(folder, key);
    }

    /// <summary>
    /// Makes sure a valid cache for <paramref name="key"/> exists in <paramref name="folder"/> (building it when missing,
    /// stale or corrupt) without loading the features; returns its manifest.
    /// </summary>
    public static FeatureCacheManifest Ensure(string folder, FeatureCacheKey key, Backbone backbone, FeatureCacheSource source,
        int batchSize, IProgress<ExtractionProgress>? progress, out FeatureCacheStatus status)
    {
        status = Inspect(folder, key.Validate());
        return status.State == FeatureCacheState.Valid
            ? FeatureCacheManifest.Read(Path.Combine(folder, FeatureCacheManifest.FileName))
            : Build(folder, key, backbone, source, batchSize, progress);
    }

    /// <summary>Extracts the features and writes the cache (replacing whatever was there).</summary>
    public static FeatureCacheManifest Build(string folder, FeatureCacheKey key, Backbone backbone, FeatureCacheSource source,
        int batchSize, IProgress<ExtractionProgress>? progress)
    {
        key.Validate();
        if (backbone.Id != key.BackboneId || backbone.FeatureDimension != key.FeatureDimension)
            throw new InvalidInputException($"feature cache: key is for {key.BackboneId} (D = {key.FeatureDimension}), backbone is {backbone.Id} (D = {backbone.FeatureDimension})");
        if (source.Query.Count != key.QueryCount || source.Database.Count != key.DatabaseCount || source.Train.Count != key.TrainCount)
            throw new InvalidInputException("feature cache: the source's set sizes differ from the key's");
        var result = FeatureCacheExtractor.Run(backbone, source, key.Views, batchSize, progress);
        Directory.CreateDirectory(folder);
        File.Delete(Path.Combine(folder, FeatureCacheManifest.FileName));   // from here on the folder reads as Missing
        int D = key.FeatureDimension;
        var files = new[]
        {
            Write(folder, "query", result.Query, key.QueryCount, D),
            Write(folder, "database", result.Database, key.DatabaseCount, D),
            Write(folder, "train", result.Train, key.TrainCount, D),
            Write(folder, "train_views", result.TrainViews, key.Views, key.TrainCount, D),
        };
        var manifest = new FeatureCacheManifest(FeatureCacheManifest.CurrentFormat, key, files, DateTime.UtcNow, result.Seconds, result.ImagesPerSecond);
        AtomicFile.WriteAllText(Path.Combine(folder, FeatureCacheManifest.FileName), manifest.ToJson());
        return manifest;
    }

    static int[] ExpectedShape(string set, FeatureCacheKey key) => set switch
    {
        "query" => [key.QueryCount, key.FeatureDimension],
        "database" => [key.DatabaseCount, key.FeatureDimension],
        "train" => [key.TrainCount, key.FeatureDimension],
        _ => [key.Views, key.TrainCount, key.FeatureDimension],
    };

    static FeatureCacheFile Write(string folder, string set, float[] data, params int[] shape)
    {
        var path = Path.Combine(folder, set + ".npy");
        NpyFile.Write(path, data, shape);
        return new FeatureCacheFile(set + ".npy", shape, new FileInfo(path).Length, FeatureCacheManifest.HashFile(path));
    }

    static string? CheckFile(string folder, FeatureCacheFile file, bool hash)
    {
        var path = Path.Combine(folder, file.Name);
        if (Path.GetFileName(file.Name) != file.Name) return $"{folder}: manifest lists '{PathText.Quote(file.Name)}', not a file name inside the cache";
        if (!Dsch.IO.InputFile.IsRegular(path)) return $"{path}: listed in the manifest but missing (or not a regular file)";
        long length = new FileInfo(path).Length;
        if (length != file.Bytes) return $"{path}: {length} bytes, the manifest records {file.Bytes}";
        if (hash && FeatureCacheManifest.HashFile(path) != file.Sha256) return $"{path}: SHA-256 differs from the manifest (file altered)";
        return null;
    }

    static Tensor ReadVerified(string folder, FeatureCacheFile file)
    {
        var path = Path.Combine(folder, file.Name);
        var bytes = Dsch.IO.InputFile.ReadAllBytes(path, what: "feature cache file");
        if (Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant() != file.Sha256)
            throw InvalidInputException.At(path, null, "SHA-256 differs from the manifest (file altered)");
        var array = NpyFile.Read(new MemoryStream(bytes), path);
        if (!array.Shape.SequenceEqual(file.Shape))
            throw InvalidInputException.At(path, null, $"shape ({string.Join(", ", array.Shape)}) differs from the manifest's ({string.Join(", ", file.Shape)})");
        return OwnedTensor.From(array.Data as float[] ?? array.ToFloats(), array.Shape.Select(s => (long)s).ToArray());
    }
}
