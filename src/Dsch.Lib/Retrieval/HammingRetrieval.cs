using System.Diagnostics;

namespace Dsch.Retrieval;

/// <summary>
/// Hamming ranking of a database for each query and the protocol's metrics (docs/protocol.md, "Metrics"): mAP@K with
/// ties broken by database index, tie-aware mAP@K, precision within radius 2, precision–recall by
/// radius and precision/recall@N. A pure function of codes and labels — no I/O.
/// </summary>
/// <remarks>
/// Cost per query: one popcount pass and one counting-sort pass over the database (the one ranking kernel,
/// <see cref="HammingScan"/>, also behind <see cref="HammingRanking"/>; no comparison sort), O(M) memory per thread;
/// queries run in parallel. Per-query values are averaged in query
/// order, so results are identical for any thread count. The slow, obviously-correct definition is
/// <see cref="ReferenceRetrieval"/>; tests check the two agree.
/// </remarks>
public static class HammingRetrieval
{
    /// <summary>Evaluates <paramref name="queries"/> against <paramref name="database"/>.</summary>
    /// <param name="queries">Query codes (Q, L).</param>
    /// <param name="database">Database codes (M, L).</param>
    /// <param name="relevance">Relevance for these Q queries and M items.</param>
    /// <param name="options">Cut-offs and curves; <see cref="RetrievalOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">Code lengths or counts do not match, or invalid options.</exception>
    public static RetrievalReport Evaluate(HashCodes queries, HashCodes database, Relevance relevance, RetrievalOptions? options = null)
    {
        options ??= RetrievalOptions.Default;
        options.Validate();
        Check(queries, database, relevance);
        var clock = Stopwatch.StartNew();
        var plan = new EvaluationPlan(options, database.Count);
        int bits = database.Bits;
        var results = new QueryResults(queries.Count, plan, bits, options.TopK.Count, options.PrecisionAtN.Count);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads };
        Parallel.For(0, queries.Count, parallel,
            () => new QueryScan(queries, database, relevance, plan),
            (q, _, scan) => { scan.Run(q, results); return scan; },
            _ => { });

        var map = new Dictionary<string, double>();
        var tieAware = new Dictionary<string, double>();
        for (int i = 0; i < options.TopK.Count; i++)
        {
            var label = RetrievalOptions.Label(options.TopK[i]);
            map[label] = QueryResults.Mean(results.Ap, i);
            tieAware[label] = QueryResults.Mean(results.TieAwareAp, i);
        }
        var atN = options.PrecisionAtN.Select((n, i) =>
            new RankPoint(n, QueryResults.Mean(results.PrecisionAtN, i), QueryResults.Mean(results.RecallAtN, i))).ToArray();
        var byRadius = options.RadiusCurves
            ? Enumerable.Range(0, bits + 1).Select(r =>
                new RadiusPoint(r, QueryResults.Mean(results.RadiusPrecision, r), QueryResults.Mean(results.RadiusRecall, r))).ToArray()
            : [];
        double p2 = queries.Count == 0 ? 0 : results.PrecisionRadius2.Sum() / queries.Count;
        return new RetrievalReport(queries.Count, database.Count, bits, map, tieAware, p2, byRadius, atN, clock.Elapsed.TotalSeconds);
    }

    static void Check(HashCodes queries, HashCodes database, Relevance relevance)
    {
        if (queries.Bits != database.Bits)
            throw new ArgumentException($"query codes have {queries.Bits} bits, database codes {database.Bits}");
        if (relevance.QueryCount != queries.Count)
            throw new ArgumentException($"{queries.Count} query codes but {relevance.QueryCount} query label rows");
        if (relevance.DatabaseCount != database.Count)
            throw new ArgumentException($"{database.Count} database codes but {relevance.DatabaseCount} database label rows");
        if (database.Count == 0) throw new ArgumentException("the database is empty");
    }
}
