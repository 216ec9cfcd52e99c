namespace Dsch.Data;

/// <summary>
/// How multi-label a label matrix is: label cardinality (labels per image), how many images carry 0, 1, 2, … labels,
/// each label's count and the label co-occurrence counts — what <c>dsch data info</c> reports.
/// </summary>
/// <param name="MultiLabel">True when some image carries more than one label.</param>
/// <param name="Cardinality">Mean number of labels per image (0 for no images).</param>
/// <param name="ImagesByLabelCount">Entry k: images carrying exactly k labels (k = 0 … classes).</param>
/// <param name="LabelCounts">Entry c: images carrying label c.</param>
/// <param name="PairLabels">The labels the co-occurrence counts cover, ascending: every label when there are at most
/// <see cref="MaxPairLabels"/>, else the <see cref="MaxPairLabels"/> most frequent (ties by label index).</param>
/// <param name="Cooccurrence">|PairLabels|² counts, indexed by position in <paramref name="PairLabels"/>: entry (a, b) =
/// images carrying both; the diagonal holds each label's count.</param>
/// <remarks>
/// [decision] The counts are bounded by <see cref="MaxPairLabels"/>² whatever the number of labels, so a small list with
/// thousands of label columns costs neither quadratic memory nor quadratic time per image.
/// </remarks>
public sealed record LabelStatistics(bool MultiLabel, double Cardinality, int[] ImagesByLabelCount, int[] LabelCounts,
    int[] PairLabels, int[,] Cooccurrence)
{
    /// <summary>The most labels whose pairs are counted.</summary>
    public const int MaxPairLabels = 256;

    /// <summary>True when <see cref="PairLabels"/> holds every label.</summary>
    public bool CoversAllLabels => PairLabels.Length == LabelCounts.Length;

    /// <summary>The largest count of a label outside <see cref="PairLabels"/> (0 when none): no pair with such a label
    /// is carried by more images.</summary>
    public int UncountedPairBound => CoversAllLabels ? 0
        : LabelCounts.Where((_, c) => Array.BinarySearch(PairLabels, c) < 0).Max();

    /// <summary>The statistics of <paramref name="labels"/>.</summary>
    public static LabelStatistics Of(LabelMatrix labels)
    {
        int c = labels.Classes;
        var byCount = new int[c + 1];
        var counts = new int[c];
        long total = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            var row = labels.Row(i);
            int on = 0;
            for (int k = 0; k < c; k++) if (row[k] == 1) { counts[k]++; on++; }
            byCount[on]++;
            total += on;
        }
        var pairLabels = c <= MaxPairLabels ? Enumerable.Range(0, c).ToArray()
            : Enumerable.Range(0, c).OrderByDescending(k => counts[k]).ThenBy(k => k).Take(MaxPairLabels).Order().ToArray();
        var position = new int[c];
        Array.Fill(position, -1);
        for (int p = 0; p < pairLabels.Length; p++) position[pairLabels[p]] = p;
        var cooccurrence = new int[pairLabels.Length, pairLabels.Length];
        var present = new List<int>(pairLabels.Length);
        for (int i = 0; i < labels.Count; i++)
        {
            present.Clear();
            var row = labels.Row(i);
            for (int k = 0; k < c; k++) if (row[k] == 1 && position[k] >= 0) present.Add(position[k]);
            foreach (int a in present) foreach (int b in present) cooccurrence[a, b]++;
        }
        bool multi = byCount.Skip(2).Any(n => n > 0);
        return new LabelStatistics(multi, labels.Count == 0 ? 0 : (double)total / labels.Count, byCount, counts, pairLabels, cooccurrence);
    }

    /// <summary>The co-occurrence counts as rows (for JSON), indexed like <see cref="PairLabels"/>.</summary>
    public int[][] CooccurrenceRows() =>
        Enumerable.Range(0, Cooccurrence.GetLength(0)).Select(a => Enumerable.Range(0, Cooccurrence.GetLength(1)).Select(b => Cooccurrence[a, b]).ToArray()).ToArray();
}
