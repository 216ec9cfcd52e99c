namespace Dsch.Retrieval;

/// <summary>One point of the precision–recall curve by Hamming radius: items within distance ≤ <paramref name="Radius"/> are retrieved.</summary>
/// <param name="Radius">Hamming radius r, 0…L.</param>
/// <param name="Precision">Mean over queries of (relevant within r) / (retrieved within r); 0 for a query that retrieves nothing.</param>
/// <param name="Recall">Mean over queries of (relevant within r) / (relevant in the database); 0 for a query with no relevant item.</param>
public sealed record RadiusPoint(int Radius, double Precision, double Recall);

/// <summary>One point of the precision@N / recall@N curves.</summary>
/// <param name="N">Rank N as requested (the list is cut at min(N, database size)).</param>
/// <param name="Precision">Mean over queries of hits(N′) / N′ with N′ = min(N, database size).</param>
/// <param name="Recall">Mean over queries of hits(N′) / (relevant in the database); 0 for a query with no relevant item.</param>
public sealed record RankPoint(int N, double Precision, double Recall);

/// <summary>
/// Everything <see cref="HammingRetrieval.Evaluate"/> measures for one set of query and database codes.
/// Keys of the mAP dictionaries are the cut-off labels "1000", "5000", …, "all" (see <see cref="RetrievalOptions.Label"/>).
/// </summary>
/// <param name="Queries">Number of queries.</param>
/// <param name="Database">Number of database items.</param>
/// <param name="Bits">Code length L.</param>
/// <param name="MapAtK">mAP@K with ties broken by database index (docs/protocol.md), per cut-off label.</param>
/// <param name="TieAwareMapAtK">Expected mAP@K over all orderings of equal-distance items (McSherry &amp; Najork 2008).</param>
/// <param name="PrecisionRadius2">Mean precision within Hamming radius 2 (0 for a query with nothing within radius 2).</param>
/// <param name="PrecisionRecallByRadius">Precision and recall by Hamming radius 0…L; empty when not requested.</param>
/// <param name="PrecisionRecallAtN">Precision@N and recall@N; empty when not requested.</param>
/// <param name="Seconds">Wall time of the evaluation.</param>
public sealed record RetrievalReport(
    int Queries,
    int Database,
    int Bits,
    IReadOnlyDictionary<string, double> MapAtK,
    IReadOnlyDictionary<string, double> TieAwareMapAtK,
    double PrecisionRadius2,
    IReadOnlyList<RadiusPoint> PrecisionRecallByRadius,
    IReadOnlyList<RankPoint> PrecisionRecallAtN,
    double Seconds);
