using System.Security.Cryptography;

namespace Dsch.Data;

/// <summary>
/// Multi-hot labels of <see cref="Count"/> items over <see cref="Classes"/> classes (row-major 0/1 bytes).
/// Single-label datasets are the special case of exactly one 1 per row. Two items are relevant to each
/// other when they share at least one label (docs/protocol.md, "Metrics").
/// </summary>
public sealed class LabelMatrix
{
    readonly byte[] _multiHot;

    /// <summary>Wraps a row-major <paramref name="count"/> × <paramref name="classes"/> array of 0/1 values.</summary>
    public LabelMatrix(int count, int classes, byte[] multiHot)
    {
        if (count < 0 || classes <= 0) throw new ArgumentOutOfRangeException(nameof(classes), "need count ≥ 0 and classes ≥ 1");
        if (multiHot.Length != (long)count * classes)
            throw new ArgumentException($"expected {count}×{classes} = {(long)count * classes} values, got {multiHot.Length}", nameof(multiHot));
        for (int i = 0; i < multiHot.Length; i++)
            if (multiHot[i] > 1) throw new ArgumentException($"label value {multiHot[i]} at row {i / classes}, class {i % classes} is not 0/1", nameof(multiHot));
        Count = count;
        Classes = classes;
        _multiHot = multiHot;
    }

    /// <summary>Items (rows).</summary>
    public int Count { get; }

    /// <summary>Classes (columns).</summary>
    public int Classes { get; }

    /// <summary>One-hot labels from class ids in [0, classes).</summary>
    public static LabelMatrix FromClassIds(IReadOnlyList<int> classIds, int classes)
    {
        var multiHot = new byte[classIds.Count * classes];
        for (int i = 0; i < classIds.Count; i++)
        {
            if ((uint)classIds[i] >= (uint)classes)
                throw new ArgumentException($"class id {classIds[i]} of item {i} is outside [0, {classes})", nameof(classIds));
            multiHot[i * classes + classIds[i]] = 1;
        }
        return new LabelMatrix(classIds.Count, classes, multiHot);
    }

    /// <summary>True when item <paramref name="row"/> carries class <paramref name="cls"/>.</summary>
    public bool Has(int row, int cls) => _multiHot[row * Classes + cls] == 1;

    /// <summary>The 0/1 labels of one item.</summary>
    public ReadOnlySpan<byte> Row(int row) => _multiHot.AsSpan(row * Classes, Classes);

    /// <summary>The whole row-major 0/1 array (read-only view).</summary>
    public ReadOnlySpan<byte> MultiHot => _multiHot;

    /// <summary>True when every item has exactly one label.</summary>
    public bool IsSingleLabel
    {
        get
        {
            for (int i = 0; i < Count; i++)
            {
                int ones = 0;
                foreach (var value in Row(i)) ones += value;
                if (ones != 1) return false;
            }
            return true;
        }
    }

    /// <summary>The class id of each item; throws unless <see cref="IsSingleLabel"/>.</summary>
    public int[] ClassIds()
    {
        var ids = new int[Count];
        for (int i = 0; i < Count; i++)
        {
            var row = Row(i);
            int first = row.IndexOf((byte)1);
            if (first < 0 || row[(first + 1)..].IndexOf((byte)1) >= 0)
                throw new InvalidOperationException($"item {i} does not have exactly one label");
            ids[i] = first;
        }
        return ids;
    }

    /// <summary>Number of items carrying each class.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[Classes];
        for (int i = 0; i < Count; i++)
        {
            var row = Row(i);
            for (int c = 0; c < Classes; c++) counts[c] += row[c];
        }
        return counts;
    }

    /// <summary>True when item <paramref name="row"/> shares a label with item <paramref name="otherRow"/> of <paramref name="other"/>.</summary>
    public bool SharesLabel(int row, LabelMatrix other, int otherRow)
    {
        var a = Row(row);
        var b = other.Row(otherRow);
        for (int c = 0; c < a.Length; c++)
            if ((a[c] & b[c]) != 0) return true;
        return false;
    }

    /// <summary>The labels of the given items, in that order.</summary>
    public LabelMatrix Select(IReadOnlyList<int> rows)
    {
        var selected = new byte[rows.Count * Classes];
        for (int i = 0; i < rows.Count; i++) Row(rows[i]).CopyTo(selected.AsSpan(i * Classes, Classes));
        return new LabelMatrix(rows.Count, Classes, selected);
    }

    /// <summary>SHA-256 (hex) of the shape and all labels: identifies the data a split was made for.</summary>
    public string ContentHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BitConverter.GetBytes(Count));
        hash.AppendData(BitConverter.GetBytes(Classes));
        hash.AppendData(_multiHot);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
