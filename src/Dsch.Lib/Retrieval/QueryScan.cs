using System.Numerics;

namespace Dsch.Retrieval;

/// <summary>
/// The per-thread worker of <see cref="HammingRetrieval"/>: scans the whole database for one query
/// and writes that query's metrics. Buffers are O(database) and reused across the queries of a thread.
/// </summary>
/// <remarks>
/// One fused pass computes, for every database item j, key = 2·distance + relevant and a histogram of
/// the keys (popcount over the packed words). The histogram gives the size and relevant count of every
/// distance group, which is all that tie-aware AP, the radius curves and R (relevant in the database)
/// need. A second pass is a counting sort: it walks the keys in database order and drops each
/// relevance bit at the next free rank of its distance, so within a distance the order is database
/// index ascending — the protocol's tie-break, with no comparison sort. Only the first K_max ranks are
/// materialised, and items beyond the distance of rank K_max are skipped.
/// </remarks>
internal sealed class QueryScan
{
    readonly HashCodes _queries, _database;
    readonly Relevance _relevance;
    readonly EvaluationPlan _plan;
    readonly ushort[] _keys;      // (M) 2·distance + relevant
    readonly int[] _histogram, _secondHistogram;    // (2(L+1)) each
    readonly int[] _groupSize, _groupRelevant, _next; // (L+1)
    readonly byte[] _ranked;      // (K_max) relevance in rank order

    public QueryScan(HashCodes queries, HashCodes database, Relevance relevance, EvaluationPlan plan)
    {
        _queries = queries;
        _database = database;
        _relevance = relevance;
        _plan = plan;
        _keys = new ushort[database.Count];
        _histogram = new int[2 * (database.Bits + 1)];
        _secondHistogram = new int[_histogram.Length];
        _groupSize = new int[database.Bits + 1];
        _groupRelevant = new int[database.Bits + 1];
        _next = new int[database.Bits + 1];
        _ranked = new byte[plan.RankedLength];
    }

    /// <summary>Scans for query <paramref name="q"/> and stores its metrics in <paramref name="results"/>.</summary>
    public void Run(int q, QueryResults results)
    {
        Array.Clear(_histogram);
        var rel = _relevance;
        if (rel.QueryClass is not null) Distances(q, new ClassProbe(rel.QueryClass[q], rel.DatabaseClass!));
        else if (rel.MaskWords == 1) Distances(q, new MaskProbe(rel.QueryMasks![q], rel.DatabaseMasks!));
        else Distances(q, new WideMaskProbe(rel.QueryMasks!, q * rel.MaskWords, rel.DatabaseMasks!, rel.MaskWords));
        int relevantTotal = 0;
        for (int d = 0; d < _groupSize.Length; d++)
        {
            _groupRelevant[d] = _histogram[2 * d + 1];
            _groupSize[d] = _histogram[2 * d] + _histogram[2 * d + 1];
            relevantTotal += _groupRelevant[d];
        }
        CountingSort();
        RankMetrics(q, relevantTotal, results);
        RadiusMetrics(q, relevantTotal, results);
        for (int i = 0; i < _plan.Cutoffs.Length; i++)
            results.TieAwareAp[q, _plan.CutoffOrder[i]] = TieAwareAveragePrecision.AtK(_groupSize, _groupRelevant, _plan.Cutoffs[i], _plan.Harmonic);
    }

    // Pass 1: keys and their histogram.
    void Distances<TProbe>(int q, TProbe probe) where TProbe : struct, IRelevanceProbe
    {
        var db = _database.Words;
        var query = _queries.Code(q);
        var keys = _keys;
        var histogram = _histogram;
        int m = _database.Count, w = _database.WordsPerCode;
        if (w == 1)
        {
            // Two interleaved histograms halve the store-to-load stalls when neighbours share a key.
            ulong q0 = query[0];
            var second = _secondHistogram;
            Array.Clear(second);
            int j = 0;
            for (; j + 1 < m; j += 2)
            {
                int key0 = (BitOperations.PopCount(q0 ^ db[j]) << 1) | probe.At(j);
                int key1 = (BitOperations.PopCount(q0 ^ db[j + 1]) << 1) | probe.At(j + 1);
                keys[j] = (ushort)key0;
                keys[j + 1] = (ushort)key1;
                histogram[key0]++;
                second[key1]++;
            }
            for (; j < m; j++)
            {
                int key = (BitOperations.PopCount(q0 ^ db[j]) << 1) | probe.At(j);
                keys[j] = (ushort)key;
                histogram[key]++;
            }
            for (int k = 0; k < histogram.Length; k++) histogram[k] += second[k];
            return;
        }
        if (w == 2)
        {
            ulong q0 = query[0], q1 = query[1];
            for (int j = 0; j < m; j++)
            {
                int d = BitOperations.PopCount(q0 ^ db[2 * j]) + BitOperations.PopCount(q1 ^ db[2 * j + 1]);
                int key = (d << 1) | probe.At(j);
                keys[j] = (ushort)key;
                histogram[key]++;
            }
            return;
        }
        for (int j = 0, offset = 0; j < m; j++, offset += w)
        {
            int d = 0;
            for (int k = 0; k < w; k++) d += BitOperations.PopCount(query[k] ^ db[offset + k]);
            int key = (d << 1) | probe.At(j);
            keys[j] = (ushort)key;
            histogram[key]++;
        }
    }

    // Pass 2: relevance bits of the first K_max ranks, distance ascending, database index ascending.
    void CountingSort()
    {
        int kMax = _ranked.Length, start = 0, cut = _groupSize.Length - 1;
        if (kMax == 0) return;
        for (int d = 0; d < _groupSize.Length; d++)
        {
            _next[d] = start;
            start += _groupSize[d];
            if (start >= kMax) { cut = d; break; }
        }
        var keys = _keys;
        var ranked = _ranked;
        var next = _next;
        for (int j = 0; j < keys.Length; j++)
        {
            int key = keys[j], d = key >> 1;
            if (d > cut) continue;
            int position = next[d]++;
            if (position < kMax) ranked[position] = (byte)(key & 1);
        }
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
