namespace Dsch.Retrieval;

/// <summary>
/// The per-thread worker of <see cref="HammingRetrieval"/>: ranks the whole database for one query with the one
/// kernel (<see cref="HammingScan"/>, relevance folded into its keys) and writes that query's metrics from the distance
/// groups and the relevance bits of the first K_max ranks. Buffers are O(database) and reused across the queries of a thread.
/// </summary>
internal sealed class QueryScan
{
    readonly HashCodes _queries;
    readonly Relevance _relevance;
    readonly EvaluationPlan _plan;
    readonly HammingScan _scan;
    readonly int[] _groupSize, _groupRelevant; // (L+1), the kernel's
    readonly byte[] _ranked;      // (K_max) relevance in rank order

    public QueryScan(HashCodes queries, HashCodes database, Relevance relevance, EvaluationPlan plan)
    {
        _queries = queries;
        _relevance = relevance;
        _plan = plan;
        _scan = new HammingScan(database);
        _groupSize = _scan.GroupSize;
        _groupRelevant = _scan.GroupRelevant;
        _ranked = new byte[plan.RankedLength];
    }

    /// <summary>Scans for query <paramref name="q"/> and stores its metrics in <paramref name="results"/>.</summary>
    public void Run(int q, QueryResults results)
    {
        var rel = _relevance;
        var query = _queries.Code(q);
        if (rel.QueryClass is not null) _scan.Scan(query, new ClassProbe(rel.QueryClass[q], rel.DatabaseClass!));
        else if (rel.MaskWords == 1) _scan.Scan(query, new MaskProbe(rel.QueryMasks![q], rel.DatabaseMasks!));
        else _scan.Scan(query, new WideMaskProbe(rel.QueryMasks!, q * rel.MaskWords, rel.DatabaseMasks!, rel.MaskWords));
        int relevantTotal = _scan.RelevantTotal;
        _scan.Rank(_ranked.Length, new RelevanceSink(_ranked));
        RankMetrics(q, relevantTotal, results);
        RadiusMetrics(q, relevantTotal, results);
        for (int i = 0; i < _plan.Cutoffs.Length; i++)
            results.TieAwareAp[q, _plan.CutoffOrder[i]] = TieAwareAveragePrecision.AtK(_groupSize, _groupRelevant, _plan.Cutoffs[i], _plan.Harmonic);
    }

    // AP@K (exact tie-break) and precision/recall@N from the ranked relevance bits.
    void RankMetrics(int q, int relevantTotal, QueryResults results)
    {
        int hits = 0, nextCut = 0, nextRank = 0;
        double sum = 0;
        var cutoffs = _plan.Cutoffs;
        var ranks = _plan.Ranks;
        for (int r = 1; r <= _ranked.Length; r++)
        {
            if (_ranked[r - 1] != 0) { hits++; sum += (double)hits / r; }
            while (nextCut < cutoffs.Length && cutoffs[nextCut] == r)
                results.Ap[q, _plan.CutoffOrder[nextCut++]] = hits == 0 ? 0 : sum / hits;
            while (nextRank < ranks.Length && ranks[nextRank] == r)
            {
                int slot = _plan.RankOrder[nextRank++];
                results.PrecisionAtN[q, slot] = (double)hits / r;
                results.RecallAtN[q, slot] = relevantTotal == 0 ? 0 : (double)hits / relevantTotal;
            }
        }
    }

    // Precision/recall within Hamming radius r from the distance groups.
    void RadiusMetrics(int q, int relevantTotal, QueryResults results)
    {
        int retrieved = 0, hits = 0;
        int last = _plan.RadiusCurves ? _groupSize.Length - 1 : Math.Min(2, _groupSize.Length - 1);
        for (int d = 0; d <= last; d++)
        {
            retrieved += _groupSize[d];
            hits += _groupRelevant[d];
            double precision = retrieved == 0 ? 0 : (double)hits / retrieved;
            if (d == 2 || (d == last && last < 2)) results.PrecisionRadius2[q] = precision;
            if (!_plan.RadiusCurves) continue;
            results.RadiusPrecision[q, d] = precision;
            results.RadiusRecall[q, d] = relevantTotal == 0 ? 0 : (double)hits / relevantTotal;
        }
    }
}
