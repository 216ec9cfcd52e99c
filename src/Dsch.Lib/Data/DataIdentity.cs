using System.Security.Cryptography;
using System.Text.Json;
using Dsch.IO;

namespace Dsch.Data;

/// <summary>
/// What a run or a grid was computed on, stored beside it as <c>data.json</c>: the dataset, the absolute folder it was
/// read from, the split file, and fingerprints of what was read — the split's index lists, the labels and the image
/// files (for file datasets: paths, sizes and times, the feature cache's images key). A resumed run or grid compares
/// the data it opens now with this record and refuses another, so one folder never mixes results of two datasets.
/// </summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Root">Absolute folder the data was read from (a run resumed from another working folder still finds it).</param>
/// <param name="SplitFile">The split file checked or written (null: split from list files or in memory).</param>
/// <param name="Protocol">Split protocol.</param>
/// <param name="SplitSeed">Split seed.</param>
/// <param name="Images">Pooled images N.</param>
/// <param name="Classes">Label columns C.</param>
/// <param name="LabelHash"><see cref="LabelMatrix.ContentHash"/> of the pooled labels.</param>
/// <param name="SplitHash">SHA-256 of the query, database and train index lists.</param>
/// <param name="ImagesHash">SHA-256 of <see cref="HashingDataset.ImagesFingerprint"/> ("" hashed for datasets read from record files).</param>
public sealed record DataIdentity(string Dataset, string Root, string? SplitFile, string Protocol, int SplitSeed, int Images, int Classes,
    string LabelHash, string SplitHash, string ImagesHash)
{
    /// <summary>The file name in a run or grid folder.</summary>
    public const string FileName = "data.json";

    static JsonSerializerOptions Json => JsonFiles.Options;

    /// <summary>The identity of <paramref name="data"/> as opened.</summary>
    public static DataIdentity Of(HashingDataset data)
    {
        var split = data.Split;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in new[] { split.Query, split.Database, split.Train })
        {
            hash.AppendData(BitConverter.GetBytes(part.Length));
            foreach (int index in part) hash.AppendData(BitConverter.GetBytes(index));
        }
        var images = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(data.ImagesFingerprint())));
        return new DataIdentity(data.Name, Path.GetFullPath(data.Root), data.SplitFile, split.Protocol, split.Seed, data.Count, data.Labels.Classes,
            split.LabelHash, Convert.ToHexStringLower(hash.GetHashAndReset()), images);
    }

    /// <summary>The record in <paramref name="folder"/>, or null for a folder written before records were kept.</summary>
    public static DataIdentity? ReadFrom(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        DataIdentity? identity;
        try { identity = JsonSerializer.Deserialize<DataIdentity>(InputFile.ReadAllText(path, 1 << 20, "data identity"), Json); }
        catch (JsonException e) { throw InvalidInputException.At(path, null, $"unreadable data identity ({e.Message})"); }
        if (identity is null || identity.Dataset is null || identity.Root is null || identity.Protocol is null || identity.LabelHash is null
            || identity.SplitHash is null || identity.ImagesHash is null || !Path.IsPathFullyQualified(identity.Root))
            throw InvalidInputException.At(path, null, "not a data identity record (fields missing, or a root that is not absolute)");
        return identity;
    }

    /// <summary>Writes the record into <paramref name="folder"/> atomically when it holds none yet (an existing one is never replaced).</summary>
    public void RecordIn(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");
    }

    /// <summary>
    /// Refuses <paramref name="now"/> when <paramref name="folder"/> records other data: the message names the record,
    /// the first field that differs and both values, and says which <paramref name="option"/> to change.
    /// </summary>
    public static void RequireSame(string folder, DataIdentity now, string option)
    {
        if (ReadFrom(folder) is not { } recorded) return;
        foreach (var (field, then, current) in new (string, string?, string?)[]
        {
            ("dataset", recorded.Dataset, now.Dataset), ("root", recorded.Root, now.Root), ("protocol", recorded.Protocol, now.Protocol),
            ("splitSeed", $"{recorded.SplitSeed}", $"{now.SplitSeed}"), ("images", $"{recorded.Images}", $"{now.Images}"),
            ("classes", $"{recorded.Classes}", $"{now.Classes}"), ("labelHash", recorded.LabelHash, now.LabelHash),
            ("splitHash", recorded.SplitHash, now.SplitHash), ("imagesHash", recorded.ImagesHash, now.ImagesHash),
        })
            if (then != current)
                throw InvalidInputException.At(Path.Combine(folder, FileName), field,
                    $"{option} {PathText.Quote(folder)} was computed on other data ({Show(field, then)} then, {Show(field, current)} now); " +
                    "give the data it was computed on, or choose another folder");
    }

    static string Show(string field, string? text) =>
        text is null ? "unset" : field.EndsWith("Hash", StringComparison.Ordinal) ? text[..Math.Min(16, text.Length)] + "…" : PathText.Quote(text);
}
