namespace Dsch.Data;

/// <summary>
/// How multi-label a label matrix is: label cardinality (labels per image), how many images carry 0, 1, 2, … labels,
/// and the label co-occurrence counts — what <c>dsch data info</c> reports and notebooks compare DSCH's batch
/// co-occurrence S with.
/// </summary>
/// <param name="MultiLabel">True when some image carries more than one label.</param>
/// <param name="Cardinality">Mean number of labels per image (0 for no images).</param>
/// <param name="ImagesByLabelCount">Entry k: images carrying exactly k labels (k = 0 … classes).</param>
/// <param name="Cooccurrence">C × C counts, row-major: entry (a, b) = images carrying both a and b; the diagonal holds each label's count.</param>
public sealed record LabelStatistics(bool MultiLabel, double Cardinality, int[] ImagesByLabelCount, int[,] Cooccurrence)
{
    /// <summary>The statistics of <paramref name="labels"/>.</summary>
    public static LabelStatistics Of(LabelMatrix labels)
    {
        int c = labels.Classes;
        var byCount = new int[c + 1];
        var cooccurrence = new int[c, c];
        long total = 0;
        var on = new List<int>(c);
        for (int i = 0; i < labels.Count; i++)
        {
            on.Clear();
            var row = labels.Row(i);
            for (int k = 0; k < c; k++) if (row[k] == 1) on.Add(k);
            byCount[on.Count]++;
            total += on.Count;
            foreach (int a in on) foreach (int b in on) cooccurrence[a, b]++;
        }
        bool multi = byCount.Skip(2).Any(n => n > 0);
        return new LabelStatistics(multi, labels.Count == 0 ? 0 : (double)total / labels.Count, byCount, cooccurrence);
    }

    /// <summary>The co-occurrence counts as rows (for JSON).</summary>
    public int[][] CooccurrenceRows() =>
        Enumerable.Range(0, Cooccurrence.GetLength(0)).Select(a => Enumerable.Range(0, Cooccurrence.GetLength(1)).Select(b => Cooccurrence[a, b]).ToArray()).ToArray();
}
