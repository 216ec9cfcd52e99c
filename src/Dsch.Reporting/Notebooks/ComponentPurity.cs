namespace Dsch.Notebooks;

/// <summary>One component against the labels: its size, its most common label set and that set's share (purity), and the share of its members carrying each column.</summary>
/// <param name="Component">Component id.</param>
/// <param name="Size">Images assigned to it (argmax of the posterior).</param>
/// <param name="Majority">The most common key (label set or item-group set) among its members, e.g. "T-shirt/top + Sandal".</param>
/// <param name="Purity">Share of its members whose key is <paramref name="Majority"/>.</param>
/// <param name="Shares">Per column (class or item group): share of its members carrying it.</param>
public sealed record ComponentLabelRow(int Component, int Size, string Majority, double Purity, double[] Shares);

/// <summary>
/// How well hard component assignments follow the labels of multi-label images, as notebook 02 shows it: per
/// component the majority label set and its purity, the size-weighted purity, and the same purity after a seeded
/// shuffle of the assignments (same component sizes, no relation to the images) — the level chance alone reaches.
/// </summary>
/// <param name="Rows">Non-empty components, largest first.</param>
/// <param name="Columns">Column names of <see cref="ComponentLabelRow.Shares"/>.</param>
/// <param name="WeightedPurity">Σ size × purity / N.</param>
/// <param name="ShuffledPurity">The weighted purity of the shuffled assignments.</param>
public sealed record PurityReport(IReadOnlyList<ComponentLabelRow> Rows, IReadOnlyList<string> Columns, double WeightedPurity, double ShuffledPurity)
{
    /// <summary>
    /// The report of <paramref name="assignment"/> (component of each image) against <paramref name="keys"/> (each image's
    /// label set, as text) and <paramref name="carries"/> (N × columns: image carries column c).
    /// </summary>
    /// <param name="assignment">Component of each of the N images.</param>
    /// <param name="keys">Key of each image (what purity compares).</param>
    /// <param name="carries">N × C indicators, row-major.</param>
    /// <param name="columns">The C column names.</param>
    /// <param name="seed">Seed of the shuffle behind <see cref="ShuffledPurity"/>.</param>
    public static PurityReport Of(IReadOnlyList<long> assignment, IReadOnlyList<string> keys, bool[] carries, IReadOnlyList<string> columns, int seed)
    {
        int n = assignment.Count, c = columns.Count;
        if (keys.Count != n || carries.Length != n * c) throw new ArgumentException($"{n} assignments, {keys.Count} keys, {carries.Length} indicators for {c} columns");
        var rows = ComponentRows(assignment, keys, carries, c);
        var shuffled = assignment.ToArray();
        Data.SeededRandom.Derive(seed, 0x9A1).Shuffle(shuffled);
        return new PurityReport(rows, columns, Weighted(rows, n), Weighted(ComponentRows(shuffled, keys, carries, c), n));
    }

    static List<ComponentLabelRow> ComponentRows(IReadOnlyList<long> assignment, IReadOnlyList<string> keys, bool[] carries, int c) =>
        assignment.Select((k, i) => (Component: k, Image: i)).GroupBy(x => x.Component)
            .Select(g =>
            {
                var members = g.Select(x => x.Image).ToList();
                var majority = members.GroupBy(i => keys[i]).OrderByDescending(k => k.Count()).ThenBy(k => k.Key, StringComparer.Ordinal).First();
                var shares = Enumerable.Range(0, c).Select(col => members.Count(i => carries[i * c + col]) / (double)members.Count).ToArray();
                return new ComponentLabelRow((int)g.Key, members.Count, majority.Key, majority.Count() / (double)members.Count, shares);
            })
            .OrderByDescending(r => r.Size).ThenBy(r => r.Component).ToList();

    static double Weighted(IEnumerable<ComponentLabelRow> rows, int n) => n == 0 ? 0 : rows.Sum(r => r.Size * r.Purity) / n;
}
