using System.Numerics;

namespace Dsch.Retrieval;

/// <summary>One neighbour of a query: its database row, 1-based rank and Hamming distance.</summary>
public sealed record Neighbour(int Rank, int Row, int Distance);

/// <summary>
/// The top-K database rows of each query by Hamming distance, ties by database row ascending — the first K of
/// <see cref="HammingRetrieval.Rank"/>, the order evaluation uses, so search and mAP rank alike.
/// </summary>
/// <remarks>
/// Per query one pass computes every distance (popcount of XOR) and their histogram; the histogram gives the distance
/// d* of rank K, and a second pass in row order keeps the rows nearer than d* and the first rows at d* — a partial
/// counting sort, O(M + L) with buffers reused per thread, never the full ranking of M rows.
/// </remarks>
public static class HammingSearch
{
    /// <summary>The <paramref name="k"/> nearest database codes (fewer when the database is smaller) of every query.</summary>
    public static Neighbour[][] TopK(HashCodes queries, HashCodes database, int k)
    {
        if (k < 1) throw new InvalidInputException($"--top {k}: must be at least 1");
        if (queries.Bits != database.Bits)
            throw new InvalidInputException($"query codes have {queries.Bits} bits, the database {database.Bits}");
        var result = new Neighbour[queries.Count][];
        Parallel.For(0, queries.Count,
            () => (Distances: new ushort[database.Count], Histogram: new int[database.Bits + 1]),
            (q, _, buffers) => { result[q] = Nearest(queries.Code(q), database, Math.Min(k, database.Count), buffers.Distances, buffers.Histogram); return buffers; },
            _ => { });
        return result;
    }

    static Neighbour[] Nearest(ReadOnlySpan<ulong> query, HashCodes database, int k, ushort[] distances, int[] histogram)
    {
        Array.Clear(histogram);
        var words = database.Words;
        int m = database.Count, w = database.WordsPerCode;
        for (int j = 0; j < m; j++)
        {
            int d = 0;
            var code = words.Slice(j * w, w);
            for (int i = 0; i < w; i++) d += BitOperations.PopCount(code[i] ^ query[i]);
            distances[j] = (ushort)d;
            histogram[d]++;
        }
        // d*: the distance of rank k; 'nearer' rows come before it, 'atCut' rows at d* fill the rest.
        int cut = 0, nearer = 0;
        while (nearer + histogram[cut] < k) nearer += histogram[cut++];
        var start = new int[cut + 1];
        for (int d = 1; d <= cut; d++) start[d] = start[d - 1] + histogram[d - 1];
        var rows = new int[k];
        int atCut = 0;
        for (int j = 0; j < m; j++)
        {
            int d = distances[j];
            if (d < cut) rows[start[d]++] = j;
            else if (d == cut && atCut < k - nearer) rows[nearer + atCut++] = j;
        }
        var neighbours = new Neighbour[k];
        for (int r = 0; r < k; r++) neighbours[r] = new Neighbour(r + 1, rows[r], distances[rows[r]]);
        return neighbours;
    }
}
