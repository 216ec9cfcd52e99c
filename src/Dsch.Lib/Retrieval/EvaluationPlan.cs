namespace Dsch.Retrieval;

/// <summary>
/// <see cref="RetrievalOptions"/> resolved against one database size: cut-offs and ranks clamped to
/// the database and sorted ascending (with the slot each came from), and the harmonic-number table.
/// </summary>
internal sealed class EvaluationPlan
{
    public EvaluationPlan(RetrievalOptions options, int databaseCount)
    {
        (Cutoffs, CutoffOrder) = SortClamped(options.TopK, databaseCount);
        (Ranks, RankOrder) = SortClamped(options.PrecisionAtN, databaseCount);
        RankedLength = Math.Max(Cutoffs.Length == 0 ? 0 : Cutoffs[^1], Ranks.Length == 0 ? 0 : Ranks[^1]);
        RadiusCurves = options.RadiusCurves;
        Harmonic = TieAwareAveragePrecision.HarmonicNumbers(databaseCount);
    }

    /// <summary>min(K, M), ascending.</summary>
    public int[] Cutoffs { get; }

    /// <summary>For each entry of <see cref="Cutoffs"/>, its index in the options' list.</summary>
    public int[] CutoffOrder { get; }

    /// <summary>min(N, M), ascending.</summary>
    public int[] Ranks { get; }

    /// <summary>For each entry of <see cref="Ranks"/>, its index in the options' list.</summary>
    public int[] RankOrder { get; }

    /// <summary>How many leading ranks the counting sort must materialise.</summary>
    public int RankedLength { get; }

    /// <summary>Whether the radius curves are filled.</summary>
    public bool RadiusCurves { get; }

    /// <summary>H[0…M].</summary>
    public double[] Harmonic { get; }

    static (int[] Sorted, int[] Order) SortClamped(IReadOnlyList<int> values, int databaseCount)
    {
        var order = Enumerable.Range(0, values.Count).ToArray();
        var clamped = values.Select(v => Math.Min(v, databaseCount)).ToArray();
        Array.Sort((int[])clamped.Clone(), order);
        return (order.Select(i => clamped[i]).ToArray(), order);
    }
}
