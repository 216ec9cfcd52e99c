using Dsch.Data;
using Dsch.Retrieval;

namespace Dsch.Tests.Retrieval;

/// <summary>A small random retrieval instance for property tests: codes with many ties and labels.</summary>
public sealed record RetrievalCase(HashCodes Queries, HashCodes Database, LabelMatrix QueryLabels, LabelMatrix DatabaseLabels)
{
    public Relevance Relevance => Relevance.Between(QueryLabels, DatabaseLabels);

    /// <summary>Random case from a seed; few bits so that ties are frequent.</summary>
    public static RetrievalCase Random(int seed, int maxQueries = 6, int maxDatabase = 40, int maxBits = 8, bool multiLabel = false)
    {
        var rng = new Random(seed);
        int q = rng.Next(1, maxQueries + 1), m = rng.Next(1, maxDatabase + 1), bits = rng.Next(1, maxBits + 1);
        int classes = rng.Next(2, 5);
        return new RetrievalCase(Codes(rng, q, bits), Codes(rng, m, bits), Labels(rng, q, classes, multiLabel), Labels(rng, m, classes, multiLabel));
    }

    /// <summary>Random ±1 codes.</summary>
    public static HashCodes Codes(Random rng, int rows, int bits)
    {
        var values = new float[rows * bits];
        for (int i = 0; i < values.Length; i++) values[i] = rng.Next(2) == 0 ? -1f : 1f;
        return HashCodes.From(values, rows, bits);
    }

    static LabelMatrix Labels(Random rng, int rows, int classes, bool multiLabel)
    {
        if (!multiLabel) return LabelMatrix.FromClassIds(Enumerable.Range(0, rows).Select(_ => rng.Next(classes)).ToArray(), classes);
        var multiHot = new byte[rows * classes];
        for (int i = 0; i < multiHot.Length; i++) multiHot[i] = (byte)(rng.Next(3) == 0 ? 1 : 0);
        return new LabelMatrix(rows, classes, multiHot);
    }
}
