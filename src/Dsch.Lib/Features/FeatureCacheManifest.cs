using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dsch.Features;

/// <summary>One file of a feature cache: name (relative to the cache folder), shape, size and SHA-256.</summary>
/// <param name="Name">File name, e.g. <c>database.npy</c>.</param>
/// <param name="Shape">Array shape.</param>
/// <param name="Bytes">File length.</param>
/// <param name="Sha256">Hex SHA-256 of the file.</param>
public sealed record FeatureCacheFile(string Name, int[] Shape, long Bytes, string Sha256);

/// <summary>
/// <c>manifest.json</c> of a feature cache: the <see cref="FeatureCacheKey"/> it was built for, the files
/// with their checksums, and how long the extraction took. Written last, atomically: a folder without a
/// valid manifest is not a cache.
/// </summary>
/// <param name="Format">Manifest format version.</param>
/// <param name="Key">What the cache holds.</param>
/// <param name="Files">The data files.</param>
/// <param name="CreatedUtc">When extraction finished.</param>
/// <param name="Seconds">Extraction wall time.</param>
/// <param name="ImagesPerSecond">Backbone images per second during extraction.</param>
public sealed record FeatureCacheManifest(
    int Format, FeatureCacheKey Key, IReadOnlyList<FeatureCacheFile> Files, DateTime CreatedUtc, double Seconds, double ImagesPerSecond)
{
    /// <summary>Current format version.</summary>
    public const int CurrentFormat = 1;

    /// <summary>The manifest's file name inside a cache folder.</summary>
    public const string FileName = "manifest.json";

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The manifest as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses <paramref name="path"/>; a malformed or incomplete manifest throws <see cref="InvalidInputException"/>.</summary>
    public static FeatureCacheManifest Read(string path)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<FeatureCacheManifest>(Dsch.IO.InputFile.ReadAllText(path, 1 << 20, "feature cache manifest"), Json)
                ?? throw InvalidInputException.At(path, null, "empty manifest");
            if (manifest.Key is null || manifest.Files is null || manifest.Files.Any(f => f?.Name is null || f.Shape is null || f.Sha256 is null))
                throw InvalidInputException.At(path, null, "manifest lacks the key or file entries");
            if (manifest.Format != CurrentFormat) throw InvalidInputException.At(path, "format", $"version {manifest.Format}, expected {CurrentFormat}");
            return manifest;
        }
        catch (JsonException error)
        {
            throw InvalidInputException.At(path, $"line {error.LineNumber + 1}", $"malformed manifest JSON ({error.Message})");
        }
    }

    /// <summary>Hex SHA-256 of a file.</summary>
    public static string HashFile(string path)
    {
        using var stream = Dsch.IO.InputFile.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }
}
