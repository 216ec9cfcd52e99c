namespace Dsch.Data.Formats;

/// <summary>Maps a pooled index back to the file and record it was read from (for <see cref="HashingDataset.Describe"/>).</summary>
internal sealed class RecordRanges
{
    readonly List<(string File, int Start, int Count)> _ranges = [];

    /// <summary>Total records added so far.</summary>
    public int Total { get; private set; }

    /// <summary>Appends <paramref name="count"/> records read from <paramref name="file"/>.</summary>
    public void Add(string file, int count)
    {
        _ranges.Add((file, Total, count));
        Total += count;
    }

    /// <summary>"<c>file record r</c>" for pooled index <paramref name="index"/>.</summary>
    public string Describe(int index)
    {
        foreach (var (file, start, count) in _ranges)
            if (index >= start && index < start + count) return $"{file} record {index - start}";
        throw new ArgumentOutOfRangeException(nameof(index), $"index {index} outside [0, {Total})");
    }

    /// <summary>Concatenates byte blocks into one array.</summary>
    public static byte[] Concatenate(IReadOnlyList<byte[]> blocks)
    {
        var all = new byte[blocks.Sum(b => (long)b.Length)];
        long offset = 0;
        foreach (var block in blocks)
        {
            Buffer.BlockCopy(block, 0, all, (int)offset, block.Length);
            offset += block.Length;
        }
        return all;
    }
}
