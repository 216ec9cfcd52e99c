using System.Text;
using System.Text.Json;
using Dsch.IO;

namespace Dsch.Data.Splits;

/// <summary>
/// Split files <c>&lt;dataset&gt;_&lt;protocol&gt;_seed&lt;seed&gt;.json</c> (pinned in <c>data/splits/</c>, recorded in <c>.cache/splits/</c>): dataset, protocol, seed,
/// the pooled image count and class count, the label hash, then the query, database and train index lists,
/// each as one JSON array on one line. Written atomically; checked against the data on load.
/// </summary>
internal static class SplitFile
{
    /// <summary>The file name of a split.</summary>
    public static string FileName(string dataset, string protocol, int seed) => $"{dataset}_{protocol}_seed{seed}.json";

    /// <summary>Writes <paramref name="split"/> for data of <paramref name="labels"/>' shape to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, DatasetSplit split, LabelMatrix labels)
    {
        var text = new StringBuilder();
        text.Append("{\n");
        text.Append($"  \"dataset\": {JsonSerializer.Serialize(split.Dataset)},\n");
        text.Append($"  \"protocol\": {JsonSerializer.Serialize(split.Protocol)},\n");
        text.Append($"  \"seed\": {split.Seed},\n");
        text.Append($"  \"count\": {labels.Count},\n");
        text.Append($"  \"classes\": {labels.Classes},\n");
        text.Append($"  \"label_hash\": {JsonSerializer.Serialize(split.LabelHash)},\n");
        if (split.Generator is { } g)
            text.Append($"  \"generator\": {{\"name\": {JsonSerializer.Serialize(g.Name)}, \"version\": {g.Version}, \"seed\": {g.Seed}, " +
                        $"\"source_hash\": {JsonSerializer.Serialize(g.SourceHash)}, \"composition_hash\": {JsonSerializer.Serialize(g.CompositionHash)}}},\n");
        text.Append($"  \"query\": [{string.Join(",", split.Query)}],\n");
        text.Append($"  \"database\": [{string.Join(",", split.Database)}],\n");
        text.Append($"  \"train\": [{string.Join(",", split.Train)}]\n");
        text.Append("}\n");
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>
    /// Reads the split at <paramref name="path"/> and checks it against <paramref name="labels"/>; throws <see cref="InvalidInputException"/> on any mismatch.
    /// For a generated dataset, <paramref name="generated"/> is the split this build generates: the file must record the
    /// same generator stamp (version, seed, source and composition hashes) and the same index lists, else it is refused.
    /// </summary>
    public static DatasetSplit Load(string path, LabelMatrix labels, string dataset, string protocol, int seed, DatasetSplit? generated = null)
    {
        DatasetSplit split;
        int count, classes;
        try
        {
            using var document = JsonDocument.Parse(Dsch.IO.InputFile.ReadAllBytes(path, 256L << 20, "split file"));
            var root = document.RootElement;
            split = new DatasetSplit(
                Text(root, "dataset", path), Text(root, "protocol", path), Number(root, "seed", path),
                Indices(root, "query", path), Indices(root, "database", path), Indices(root, "train", path),
                Text(root, "label_hash", path), Generator(root, path));
            count = Number(root, "count", path);
            classes = Number(root, "classes", path);
        }
        catch (JsonException e)
        {
            throw InvalidInputException.At(path, e.LineNumber is { } line ? $"line {line + 1}" : null, $"not a valid split file ({e.Message})");
        }
        if ((split.Dataset, split.Protocol, split.Seed) != (dataset, protocol, seed))
            throw InvalidInputException.At(path, null, $"holds {split.Dataset}/{split.Protocol}/seed {split.Seed}, expected {dataset}/{protocol}/seed {seed}");
        if (generated is not null) RequireGenerated(split, generated, path);
        if ((count, classes) != (labels.Count, labels.Classes))
            throw InvalidInputException.At(path, null, $"was made for {count} images × {classes} classes, the data has {labels.Count} × {labels.Classes}; delete it to regenerate");
        Check(split, labels, path, trainInDatabase: true);
        return split;
    }

    /// <summary>Checks sizes, index ranges, duplicates, disjointness and the label hash; <paramref name="where"/> names the split in errors.</summary>
    public static void Check(DatasetSplit split, LabelMatrix labels, string where, bool trainInDatabase)
    {
        foreach (var (part, indices) in new[] { ("query", split.Query), ("database", split.Database), ("train", split.Train) })
        {
            if (indices.Length == 0) throw InvalidInputException.At(where, $"\"{part}\"", "is empty (empty split)");
            var seen = new HashSet<int>();
            for (int k = 0; k < indices.Length; k++)
            {
                if ((uint)indices[k] >= (uint)labels.Count)
                    throw InvalidInputException.At(where, $"\"{part}\" entry {k}", $"index {indices[k]} outside [0, {labels.Count})");
                if (!seen.Add(indices[k])) throw InvalidInputException.At(where, $"\"{part}\" entry {k}", $"index {indices[k]} appears twice");
            }
        }
        var database = split.Database.ToHashSet();
        if (split.Query.FirstOrDefault(database.Contains, -1) is var shared and >= 0)
            throw InvalidInputException.At(where, "\"query\"", $"image {shared} is both a query and a database image");
        if (trainInDatabase && split.Train.FirstOrDefault(t => !database.Contains(t), -1) is var outside and >= 0)
            throw InvalidInputException.At(where, "\"train\"", $"training image {outside} is not in the database");
        if (split.LabelHash != labels.ContentHash())
            throw InvalidInputException.At(where, "\"label_hash\"", "does not match the labels of the data (different or modified dataset); delete the file to regenerate");
    }

    /// <summary>The stored split must hold exactly the index lists the protocol draws from the seed (else the file was edited or is stale).</summary>
    public static void RequireSameLists(DatasetSplit stored, DatasetSplit drawn, string path)
    {
        foreach (var (part, found, wanted) in new[] { ("query", stored.Query, drawn.Query), ("database", stored.Database, drawn.Database), ("train", stored.Train, drawn.Train) })
            if (!found.AsSpan().SequenceEqual(wanted))
                throw InvalidInputException.At(path, $"\"{part}\"", $"differs from the split the {stored.Protocol} protocol draws with seed {stored.Seed} (edited or stale file); delete it to regenerate");
    }

    /// <summary>A generated dataset's split file must come from this generator version and hold exactly the split it generates.</summary>
    static void RequireGenerated(DatasetSplit saved, DatasetSplit generated, string path)
    {
        var expected = generated.Generator!;
        if (saved.Generator is not { } stamp)
            throw InvalidInputException.At(path, "\"generator\"", $"missing: this file was not written by the {expected.Name} generator; delete it to regenerate");
        foreach (var (field, found, wanted) in new[]
        {
            ("name", stamp.Name, expected.Name), ("version", $"{stamp.Version}", $"{expected.Version}"), ("seed", $"{stamp.Seed}", $"{expected.Seed}"),
            ("source_hash", stamp.SourceHash, expected.SourceHash), ("composition_hash", stamp.CompositionHash, expected.CompositionHash),
        })
            if (found != wanted)
                throw InvalidInputException.At(path, $"\"generator\".{field}", $"'{found}' but this build generates '{wanted}' (stale split file of another generator version or source data); delete it to regenerate");
        foreach (var (part, found, wanted) in new[] { ("query", saved.Query, generated.Query), ("database", saved.Database, generated.Database), ("train", saved.Train, generated.Train) })
            if (!found.AsSpan().SequenceEqual(wanted))
                throw InvalidInputException.At(path, $"\"{part}\"", "differs from the split the generator makes (edited file); delete it to regenerate");
        if (saved.LabelHash != generated.LabelHash)
            throw InvalidInputException.At(path, "\"label_hash\"", "differs from the generated labels (edited file); delete it to regenerate");
    }

    static GeneratorStamp? Generator(JsonElement root, string path)
    {
        if (!root.TryGetProperty("generator", out var g)) return null;
        if (g.ValueKind != JsonValueKind.Object) throw Missing(path, "generator", "an object");
        return new GeneratorStamp(Text(g, "name", path), Number(g, "version", path), Number(g, "seed", path),
            Text(g, "source_hash", path), Text(g, "composition_hash", path));
    }

    static string Text(JsonElement root, string key, string path) =>
        root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Missing(path, key, "a string");

    static int Number(JsonElement root, string key, string path) =>
        root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) ? number : throw Missing(path, key, "an integer");

    static int[] Indices(JsonElement root, string key, string path)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind != JsonValueKind.Array) throw Missing(path, key, "an array of indices");
        var indices = new int[value.GetArrayLength()];
        int k = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out indices[k]))
                throw InvalidInputException.At(path, $"\"{key}\" entry {k}", $"{item.GetRawText()} is not an integer index");
            k++;
        }
        return indices;
    }

    static InvalidInputException Missing(string path, string key, string what) => InvalidInputException.At(path, $"\"{key}\"", $"missing or not {what}");
}
