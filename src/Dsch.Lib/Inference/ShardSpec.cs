using System.Globalization;

namespace Dsch.Inference;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (1-based, as GNU <c>split -n l/K/N</c>): the
/// <see cref="Index"/>-th of <see cref="Count"/> contiguous slices of the rows, sized to within one row of each other.
/// </summary>
/// <param name="Index">1 … <see cref="Count"/>.</param>
/// <param name="Count">Number of shards N ≥ 1.</param>
public sealed record ShardSpec(int Index, int Count)
{
    /// <summary>The whole selection as one shard.</summary>
    public static ShardSpec Whole { get; } = new(1, 1);

    /// <summary>Parses <c>I/N</c>; anything else, or I outside 1 … N, is an error naming <c>--shard</c>.</summary>
    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            throw new InvalidInputException($"--shard '{text}': expected I/N, e.g. 3/8 (the third of eight slices)");
        if (count < 1 || index < 1 || index > count)
            throw new InvalidInputException($"--shard {text}: I must be within 1..N and N at least 1");
        return new ShardSpec(index, count);
    }

    /// <summary>Rows [Start, End) of this shard among <paramref name="rows"/>: ⌊(I−1)·n/N⌋ to ⌊I·n/N⌋.</summary>
    public (int Start, int End) Range(int rows) =>
        ((int)((long)(Index - 1) * rows / Count), (int)((long)Index * rows / Count));

    /// <inheritdoc/>
    public override string ToString() => $"{Index}/{Count}";
}
