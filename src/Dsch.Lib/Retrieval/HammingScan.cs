using System.Numerics;

namespace Dsch.Retrieval;

/// <summary>
/// The one Hamming ranking kernel, per thread: behind evaluation (<see cref="QueryScan"/>), top-K search and full
/// rankings (<see cref="HammingRanking"/>). Buffers are O(database) and reused across the queries of a thread.
/// </summary>
/// <remarks>
/// Pass 1 (<see cref="Scan{TProbe}"/>) computes, for every database row j, key = 2·distance + relevant (popcount
/// over the packed words) and a histogram of the keys; the histogram gives the size and relevant count of every
/// distance group (<see cref="GroupSize"/>, <see cref="GroupRelevant"/>), which is all that tie-aware AP, the radius
/// curves and R need. Pass 2 (<see cref="Rank{TSink}"/>) is a counting sort: it walks the keys in row order and puts
/// each row at the next free rank of its distance, so within a distance the order is row ascending — the protocol's
/// tie-break, with no comparison sort. Only the first K ranks are materialised, and rows beyond the distance of rank
/// K are skipped. Probe and sink are structs, so each use compiles to its own loop.
/// </remarks>
internal sealed class HammingScan
{
    readonly HashCodes _database;
    readonly ushort[] _keys;                          // (M) 2·distance + relevant
    readonly int[] _histogram, _secondHistogram;      // (2(L+1)) each
    readonly int[] _next;                             // (L+1)

    public HammingScan(HashCodes database)
    {
        _database = database;
        _keys = new ushort[database.Count];
        _histogram = new int[2 * (database.Bits + 1)];
        _secondHistogram = new int[_histogram.Length];
        GroupSize = new int[database.Bits + 1];
        GroupRelevant = new int[database.Bits + 1];
        _next = new int[database.Bits + 1];
    }

    /// <summary>Rows at distance d of the last scanned query, (L+1).</summary>
    public int[] GroupSize { get; }

    /// <summary>Relevant rows at distance d of the last scanned query, (L+1).</summary>
    public int[] GroupRelevant { get; }

    /// <summary>Relevant rows of the whole database for the last scanned query.</summary>
    public int RelevantTotal { get; private set; }

    /// <summary>Hamming distance of row <paramref name="j"/> to the last scanned query.</summary>
    public int Distance(int j) => _keys[j] >> 1;

    /// <summary>Pass 1 for <paramref name="query"/>: keys, their histogram and the distance groups.</summary>
    public void Scan<TProbe>(ReadOnlySpan<ulong> query, TProbe probe) where TProbe : struct, IRelevanceProbe
    {
        Array.Clear(_histogram);
        Keys(query, probe);
        int relevantTotal = 0;
        for (int d = 0; d < GroupSize.Length; d++)
        {
            GroupRelevant[d] = _histogram[2 * d + 1];
            GroupSize[d] = _histogram[2 * d] + _histogram[2 * d + 1];
            relevantTotal += GroupRelevant[d];
        }
        RelevantTotal = relevantTotal;
    }

    void Keys<TProbe>(ReadOnlySpan<ulong> query, TProbe probe) where TProbe : struct, IRelevanceProbe
    {
        if (query.Length == 1) OneWord(query[0], probe);
        else if (query.Length == 2) TwoWords(query[0], query[1], probe);
        else AnyWords(query, probe);
    }

    // The query word arrives as a value, so it stays in a register through the loop.
    void OneWord<TProbe>(ulong q0, TProbe probe) where TProbe : struct, IRelevanceProbe
    {
        var db = _database.Words;
        var keys = _keys;
        var histogram = _histogram;
        int m = _database.Count;
        // Two interleaved histograms halve the store-to-load stalls when neighbours share a key.
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
    }

    void TwoWords<TProbe>(ulong q0, ulong q1, TProbe probe) where TProbe : struct, IRelevanceProbe
    {
        var db = _database.Words;
        var keys = _keys;
        var histogram = _histogram;
        int m = _database.Count;
        for (int j = 0; j < m; j++)
        {
            int d = BitOperations.PopCount(q0 ^ db[2 * j]) + BitOperations.PopCount(q1 ^ db[2 * j + 1]);
            int key = (d << 1) | probe.At(j);
            keys[j] = (ushort)key;
            histogram[key]++;
        }
    }

    void AnyWords<TProbe>(ReadOnlySpan<ulong> query, TProbe probe) where TProbe : struct, IRelevanceProbe
    {
        var db = _database.Words;
        var keys = _keys;
        var histogram = _histogram;
        int m = _database.Count, w = _database.WordsPerCode;
        for (int j = 0, offset = 0; j < m; j++, offset += w)
        {
            int d = 0;
            for (int k = 0; k < w; k++) d += BitOperations.PopCount(query[k] ^ db[offset + k]);
            int key = (d << 1) | probe.At(j);
            keys[j] = (ushort)key;
            histogram[key]++;
        }
    }

    /// <summary>
    /// Pass 2: hands the first <paramref name="k"/> ranks (0-based position, row, key) of the last scanned query to
    /// <paramref name="sink"/>, distance ascending, row ascending within a distance. <paramref name="k"/> ≤ M.
    /// </summary>
    public void Rank<TSink>(int k, TSink sink) where TSink : struct, IRankSink
    {
        int start = 0, cut = GroupSize.Length - 1;
        if (k == 0) return;
        var next = _next;
        for (int d = 0; d < GroupSize.Length; d++)
        {
            next[d] = start;
            start += GroupSize[d];
            if (start >= k) { cut = d; break; }
        }
        var keys = _keys;
        for (int j = 0; j < keys.Length; j++)
        {
            int key = keys[j], d = key >> 1;
            if (d > cut) continue;
            int position = next[d]++;
            if (position < k) sink.Put(position, j, key);
        }
    }
}

/// <summary>Where pass 2 of <see cref="HammingScan"/> writes each ranked row (a struct over an array, passed by value).</summary>
internal interface IRankSink
{
    /// <summary>Row <paramref name="row"/> (key = 2·distance + relevant) is at 0-based rank <paramref name="position"/>.</summary>
    void Put(int position, int row, int key);
}

/// <summary>Keeps the relevance bit of each rank (evaluation).</summary>
internal readonly struct RelevanceSink(byte[] ranked) : IRankSink
{
    public void Put(int position, int row, int key) => ranked[position] = (byte)(key & 1);
}

/// <summary>Keeps the row of each rank (search, rankings).</summary>
internal readonly struct RowSink(int[] rows) : IRankSink
{
    public void Put(int position, int row, int key) => rows[position] = row;
}

/// <summary>No relevance: every key is 2·distance (search, rankings).</summary>
internal readonly struct NoRelevance : IRelevanceProbe
{
    public int At(int j) => 0;
}
