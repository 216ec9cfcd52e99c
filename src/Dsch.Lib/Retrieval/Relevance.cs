using Dsch.Data;

namespace Dsch.Retrieval;

/// <summary>
/// Which database items are relevant to which query: they share at least one label (docs/protocol.md, "Metrics").
/// Precomputed in the fastest form for the ranking loop — class ids when both sides are single-label
/// (relevant = equal ids), otherwise label rows packed into <c>ulong</c> masks (relevant = (a &amp; b) ≠ 0).
/// </summary>
public sealed class Relevance
{
    Relevance(int queries, int database, int classes)
    {
        QueryCount = queries;
        DatabaseCount = database;
        Classes = classes;
        MaskWords = (classes + 63) / 64;
    }

    /// <summary>Number of queries.</summary>
    public int QueryCount { get; }

    /// <summary>Number of database items.</summary>
    public int DatabaseCount { get; }

    /// <summary>Number of label classes.</summary>
    public int Classes { get; }

    /// <summary>True when both sides are single-label and the class-id fast path is used.</summary>
    public bool IsSingleLabel => QueryClass is not null;

    internal int MaskWords { get; }
    internal int[]? QueryClass { get; private init; }
    internal int[]? DatabaseClass { get; private init; }
    internal ulong[]? QueryMasks { get; private init; }
    internal ulong[]? DatabaseMasks { get; private init; }

    /// <summary>Relevance between every query in <paramref name="queries"/> and every item in <paramref name="database"/>.</summary>
    /// <exception cref="ArgumentException">The two label matrices have different numbers of classes.</exception>
    public static Relevance Between(LabelMatrix queries, LabelMatrix database)
    {
        if (queries.Classes != database.Classes)
            throw new ArgumentException($"query labels have {queries.Classes} classes, database labels {database.Classes}");
        if (queries.IsSingleLabel && database.IsSingleLabel)
            return new Relevance(queries.Count, database.Count, queries.Classes)
            {
                QueryClass = queries.ClassIds(),
                DatabaseClass = database.ClassIds(),
            };
        return new Relevance(queries.Count, database.Count, queries.Classes)
        {
            QueryMasks = Pack(queries),
            DatabaseMasks = Pack(database),
        };
    }

    static ulong[] Pack(LabelMatrix labels)
    {
        int w = (labels.Classes + 63) / 64;
        var masks = new ulong[labels.Count * w];
        for (int i = 0; i < labels.Count; i++)
        {
            var row = labels.Row(i);
            for (int c = 0; c < row.Length; c++)
                if (row[c] != 0) masks[i * w + (c >> 6)] |= 1UL << (c & 63);
        }
        return masks;
    }
}

/// <summary>Relevance of each database item to one fixed query, as 0/1; a struct so the ranking loop is specialised per kind.</summary>
internal interface IRelevanceProbe
{
    int At(int j);
}

/// <summary>Single-label probe: 1 when the class ids are equal.</summary>
internal readonly struct ClassProbe(int queryClass, int[] databaseClass) : IRelevanceProbe
{
    public int At(int j) => databaseClass[j] == queryClass ? 1 : 0;
}

/// <summary>Multi-label probe for ≤ 64 classes: 1 when the masks intersect.</summary>
internal readonly struct MaskProbe(ulong queryMask, ulong[] databaseMasks) : IRelevanceProbe
{
    public int At(int j) => (databaseMasks[j] & queryMask) != 0 ? 1 : 0;
}

/// <summary>Multi-label probe for more than 64 classes.</summary>
internal readonly struct WideMaskProbe(ulong[] queryMasks, int queryOffset, ulong[] databaseMasks, int words) : IRelevanceProbe
{
    public int At(int j)
    {
        for (int k = 0; k < words; k++)
            if ((databaseMasks[j * words + k] & queryMasks[queryOffset + k]) != 0) return 1;
        return 0;
    }
}
