using Dsch.Data;

namespace Dsch.Retrieval;

/// <summary>
/// The straightforward definition of the protocol's ranking and AP@K (docs/protocol.md, "Metrics"), written for
/// clarity, not speed: distances, then a full comparison sort of (distance, index) keys per query,
/// then the AP formula over the label matrices. Tests and <c>dsch bench retrieval</c> compare
/// <see cref="HammingRetrieval"/> with it.
/// </summary>
public static class ReferenceRetrieval
{
    /// <summary>Database indices for query <paramref name="q"/>, sorted by (Hamming distance, index) with <see cref="Array.Sort(Array)"/>.</summary>
    public static int[] Rank(HashCodes queries, int q, HashCodes database)
    {
        var keys = new long[database.Count];
        for (int j = 0; j < database.Count; j++) keys[j] = ((long)queries.Distance(q, database, j) << 32) | (uint)j;
        Array.Sort(keys);
        return Array.ConvertAll(keys, key => (int)(key & 0xFFFF_FFFF));
    }

    /// <summary>
    /// AP@K of one ranked list: (1/R_K) Σ_{r≤K} rel(r)·hits(r)/r, R_K = relevant items in the top K,
    /// 0 when R_K = 0; K is clamped to the list length.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<bool> relevantInRankOrder, int k)
    {
        k = Math.Min(k, relevantInRankOrder.Length);
        int hits = 0;
        double sum = 0;
        for (int r = 1; r <= k; r++)
        {
            if (!relevantInRankOrder[r - 1]) continue;
            hits++;
            sum += (double)hits / r;
        }
        return hits == 0 ? 0 : sum / hits;
    }

    /// <summary>mAP@K over all queries: rank by full sort, relevance by <see cref="LabelMatrix.SharesLabel"/>.</summary>
    /// <param name="queries">Query codes (Q, L).</param>
    /// <param name="database">Database codes (M, L).</param>
    /// <param name="queryLabels">Labels of the Q queries.</param>
    /// <param name="databaseLabels">Labels of the M items.</param>
    /// <param name="k">Cut-off K (clamped to M).</param>
    /// <param name="queryCount">Evaluate only the first this many queries (all when null) — for timing on a subset.</param>
    public static double MeanAveragePrecision(HashCodes queries, HashCodes database, LabelMatrix queryLabels, LabelMatrix databaseLabels, int k, int? queryCount = null)
    {
        int count = queryCount ?? queries.Count;
        if (count == 0) return 0;
        var relevant = new bool[database.Count];
        double total = 0;
        for (int q = 0; q < count; q++)
        {
            var ranking = Rank(queries, q, database);
            for (int r = 0; r < ranking.Length; r++) relevant[r] = queryLabels.SharesLabel(q, databaseLabels, ranking[r]);
            total += AveragePrecision(relevant, k);
        }
        return total / count;
    }
}
