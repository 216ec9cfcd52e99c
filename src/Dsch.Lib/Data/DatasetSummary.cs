namespace Dsch.Data;

/// <summary>Per-class image counts of one split part.</summary>
/// <param name="Part">query, database or train.</param>
/// <param name="Images">Images in the part.</param>
/// <param name="PerClass">Images carrying each class (a multi-label image counts once per label).</param>
public sealed record SplitPartCounts(string Part, int Images, int[] PerClass);

/// <summary>
/// What <c>dsch data info</c> reports: pooled size, the split, and counts per split part and per label, after
/// checking every image (<see cref="HashingDataset.CheckImage"/>).
/// </summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Root">Data folder.</param>
/// <param name="Images">Pooled images.</param>
/// <param name="ClassNames">Label names.</param>
/// <param name="PerClass">Pooled images carrying each class.</param>
/// <param name="Split">The split (name, protocol, seed, hash).</param>
/// <param name="Parts">Counts of query, train and database.</param>
/// <param name="Excluded">Pooled images in neither query nor database (e.g. without labels).</param>
/// <param name="ImagesChecked">Images checked (all of them).</param>
/// <param name="Decoded">True when every image was fully decoded, false when only headers were read.</param>
/// <param name="Labels">Label cardinality and co-occurrence counts over the pooled images.</param>
public sealed record DatasetSummary(string Dataset, string Root, int Images, IReadOnlyList<string> ClassNames, int[] PerClass,
    DatasetSplit Split, IReadOnlyList<SplitPartCounts> Parts, int Excluded, int ImagesChecked, bool Decoded, LabelStatistics Labels)
{
    /// <summary>
    /// Checks every image of <paramref name="data"/> (in parallel) and counts its split. Image files are checked by
    /// their headers (exists, known format, sane size), or fully decoded with <paramref name="decode"/>.
    /// </summary>
    public static DatasetSummary Of(HashingDataset data, bool decode = false)
    {
        var errors = new System.Collections.Concurrent.ConcurrentBag<(int Index, Exception Error)>();
        Parallel.For(0, data.Count, i =>
        {
            try
            {
                if (decode) data.LoadImage(i).Dispose();
                else data.CheckImage(i);
            }
            catch (InvalidInputException e) { errors.Add((i, e)); }
        });
        if (!errors.IsEmpty)
        {
            var first = errors.MinBy(e => e.Index);
            throw new InvalidInputException($"{first.Error.Message} ({errors.Count} bad image(s) in total)", first.Error);
        }
        var parts = new[] { "query", "train", "database" }
            .Select(part => new SplitPartCounts(part, data.SplitIndices(part).Length, data.Labels.Select(data.SplitIndices(part)).ClassCounts()))
            .ToArray();
        return new DatasetSummary(data.Name, data.Root, data.Count, data.ClassNames, data.Labels.ClassCounts(), data.Split, parts,
            data.Split.ExcludedCount(data.Count), data.Count, decode, LabelStatistics.Of(data.Labels));
    }
}
