namespace Dsch.Retrieval;

/// <summary>
/// Hamming ranking of a database for a query: rows by Hamming distance ascending, ties by database row ascending
/// (docs/protocol.md, "Metrics"). The top K for <c>dsch search</c> and the notebooks, the whole ranking for a demo;
/// evaluation (<see cref="HammingRetrieval"/>) runs the same kernel, <see cref="HammingScan"/>, so search and mAP rank
/// alike. The obviously-correct definition is <see cref="ReferenceRetrieval.Rank"/>; tests check the two agree.
/// </summary>
/// <remarks>
/// Per query one pass computes every distance and their histogram, and a second pass in row order places the rows up
/// to the distance of rank K — a partial counting sort, O(M + L) with buffers reused per thread, never a comparison sort.
/// </remarks>
public static class HammingRanking
{
    /// <summary>The <paramref name="k"/> nearest database rows (fewer when the database is smaller) of every query; queries run in parallel.</summary>
    /// <exception cref="InvalidInputException">Code lengths differ, or <paramref name="k"/> &lt; 1.</exception>
    public static Neighbour[][] TopK(HashCodes queries, HashCodes database, int k)
    {
        if (k < 1) throw new InvalidInputException($"--top {k}: must be at least 1");
        RequireSameLength(queries, database);
        var result = new Neighbour[queries.Count][];
        Parallel.For(0, queries.Count,
            () => new HammingScan(database),
            (q, _, scan) => { result[q] = Nearest(scan, queries.Code(q), Math.Min(k, database.Count)); return scan; },
            _ => { });
        return result;
    }

    /// <summary>The whole ranking of the database (M rows) for query <paramref name="q"/>.</summary>
    /// <exception cref="InvalidInputException">Code lengths differ.</exception>
    public static Neighbour[] Rank(HashCodes queries, int q, HashCodes database)
    {
        RequireSameLength(queries, database);
        return Nearest(new HammingScan(database), queries.Code(q), database.Count);
    }

    static Neighbour[] Nearest(HammingScan scan, ReadOnlySpan<ulong> query, int k)
    {
        scan.Scan(query, default(NoRelevance));
        var rows = new int[k];
        scan.Rank(k, new RowSink(rows));
        var neighbours = new Neighbour[k];
        for (int r = 0; r < k; r++) neighbours[r] = new Neighbour(r + 1, rows[r], scan.Distance(rows[r]));
        return neighbours;
    }

    static void RequireSameLength(HashCodes queries, HashCodes database)
    {
        if (queries.Bits != database.Bits)
            throw new InvalidInputException($"query codes have {queries.Bits} bits, the database {database.Bits}");
    }
}
