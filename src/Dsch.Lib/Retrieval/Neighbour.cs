namespace Dsch.Retrieval;

/// <summary>
/// One retrieved database row of a query, as <see cref="HammingRanking"/> ranks it: Hamming distance ascending, ties by
/// database row ascending (the order evaluation uses).
/// </summary>
/// <param name="Rank">1-based rank.</param>
/// <param name="Row">Row in the database codes (for a split, the position in its database part; for a code file, FAISS's label
/// for the same codes).</param>
/// <param name="Distance">Hamming distance to the query code.</param>
public sealed record Neighbour(int Rank, int Row, int Distance);
