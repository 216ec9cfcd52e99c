namespace Dsch.Retrieval;

/// <summary>One neighbour of a query: its database row, 1-based rank and Hamming distance.</summary>
public sealed record Neighbour(int Rank, int Row, int Distance);

/// <summary>
/// The top-K database rows of each query by Hamming distance, ties by database row ascending — the order of
/// <see cref="HammingRetrieval.Rank"/>, which evaluation uses, so search and mAP rank alike.
/// </summary>
public static class HammingSearch
{
    /// <summary>The <paramref name="k"/> nearest database codes (fewer when the database is smaller) of every query.</summary>
    public static Neighbour[][] TopK(HashCodes queries, HashCodes database, int k)
    {
        if (k < 1) throw new InvalidInputException($"--top {k}: must be at least 1");
        if (queries.Bits != database.Bits)
            throw new InvalidInputException($"query codes have {queries.Bits} bits, the database {database.Bits}");
        var result = new Neighbour[queries.Count][];
        Parallel.For(0, queries.Count, q =>
        {
            var ranking = HammingRetrieval.Rank(queries, q, database);
            result[q] = [.. ranking.Take(k).Select((row, r) => new Neighbour(r + 1, row, queries.Distance(q, database, row)))];
        });
        return result;
    }
}
