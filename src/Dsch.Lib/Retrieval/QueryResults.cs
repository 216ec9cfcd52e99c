namespace Dsch.Retrieval;

/// <summary>Per-query metric values, filled in parallel (one row per query) and averaged in query order.</summary>
internal sealed class QueryResults(int queries, EvaluationPlan plan, int bits, int cutoffCount, int rankCount)
{
    public double[,] Ap { get; } = new double[queries, cutoffCount];
    public double[,] TieAwareAp { get; } = new double[queries, cutoffCount];
    public double[,] PrecisionAtN { get; } = new double[queries, rankCount];
    public double[,] RecallAtN { get; } = new double[queries, rankCount];
    public double[] PrecisionRadius2 { get; } = new double[queries];
    public double[,] RadiusPrecision { get; } = new double[queries, plan.RadiusCurves ? bits + 1 : 0];
    public double[,] RadiusRecall { get; } = new double[queries, plan.RadiusCurves ? bits + 1 : 0];

    /// <summary>Mean over queries of column <paramref name="column"/>, summed in query order (deterministic).</summary>
    public static double Mean(double[,] values, int column)
    {
        int n = values.GetLength(0);
        if (n == 0) return 0;
        double sum = 0;
        for (int q = 0; q < n; q++) sum += values[q, column];
        return sum / n;
    }
}
