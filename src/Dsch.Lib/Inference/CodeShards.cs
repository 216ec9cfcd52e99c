using Dsch.Retrieval;

namespace Dsch.Inference;

/// <summary>
/// Joins the shards of one <c>dsch encode --shard I/N</c> job into the code set an unsharded encode writes (same codes,
/// ids and manifest, byte for byte). Refused: a shard without its manifest, shards of different runs, selections, code
/// lengths, layouts or shard counts, a missing or repeated shard, and shards whose rows do not tile the selection.
/// </summary>
public static class CodeShards
{
    /// <summary>Reads and checks the shards at <paramref name="paths"/> (any order) and joins them in shard order.</summary>
    public static CodeSet Merge(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0) throw new InvalidInputException("codes merge: give the shard files to join");
        var shards = new List<(string Path, CodeSet Set, CodeManifest Manifest)>();
        foreach (var path in paths)
        {
            var set = CodeSet.Read(path);
            var read = set.Manifest ?? throw new InvalidInputException($"{path}: no {CodeSet.ManifestPath(path)} beside it — not a shard written by dsch encode");
            if (set.Ids is null) throw new InvalidInputException($"{path}: no {CodeSet.IdsPath(path)} beside it");
            shards.Add((path, set, read));
        }
        var (firstPath, _, first) = shards[0];
        foreach (var (path, _, m) in shards.Skip(1))
        {
            if (m.RunFingerprint != first.RunFingerprint)
                throw new InvalidInputException($"{path} was encoded by another run than {firstPath} (run fingerprints differ: {m.Run} vs {first.Run})");
            if (m.SelectionFingerprint != first.SelectionFingerprint || m.Shard.Total != first.Shard.Total)
                throw new InvalidInputException($"{path} holds a shard of other images than {firstPath} (image lists differ)");
            if (m.Bits != first.Bits || m.Packed != first.Packed)
                throw new InvalidInputException($"{path} has {m.Bits} bits{(m.Packed ? " packed" : "")}, {firstPath} {first.Bits}{(first.Packed ? " packed" : "")}");
            if (m.Shard.Count != first.Shard.Count)
                throw new InvalidInputException($"{path} is shard {m.Shard.Index}/{m.Shard.Count}, {firstPath} {first.Shard.Index}/{first.Shard.Count}: one job has one N");
        }
        int n = first.Shard.Count;
        var byIndex = new string?[n + 1];
        foreach (var (path, _, m) in shards)
        {
            if (m.Shard.Index < 1 || m.Shard.Index > n) throw new InvalidInputException($"{path}: shard index {m.Shard.Index} is outside 1..{n}");
            if (byIndex[m.Shard.Index] is { } other) throw new InvalidInputException($"shard {m.Shard.Index}/{n} is given twice: {other} and {path}");
            byIndex[m.Shard.Index] = path;
        }
        var missing = Enumerable.Range(1, n).Where(i => byIndex[i] is null).ToArray();
        if (missing.Length > 0) throw new InvalidInputException($"codes merge: shard{(missing.Length > 1 ? "s" : "")} {string.Join(", ", missing.Select(i => $"{i}/{n}"))} missing");
        var ordered = shards.OrderBy(s => s.Manifest.Shard.Index).ToList();
        int next = 0;
        foreach (var (path, _, m) in ordered)
        {
            if (m.Shard.Start != next) throw new InvalidInputException($"{path}: shard {m.Shard.Index}/{n} starts at row {m.Shard.Start}, expected {next}");
            next = m.Shard.End;
        }
        if (next != first.Shard.Total) throw new InvalidInputException($"codes merge: the shards cover {next} of {first.Shard.Total} rows");
        var codes = HashCodes.Concat([.. ordered.Select(s => s.Set.Codes)]);
        var ids = ordered.SelectMany(s => s.Set.Ids!).ToArray();
        var manifest = first with { Rows = codes.Count, Shard = new ShardRows(1, 1, 0, codes.Count, codes.Count) };
        return new CodeSet(codes, ids, manifest);
    }
}
