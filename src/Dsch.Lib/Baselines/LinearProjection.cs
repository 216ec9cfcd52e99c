using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Baselines;

/// <summary>
/// x ↦ (x − μ)·W: centring followed by a (D, L) linear map — the continuous part of LSH, PCAH and ITQ
/// (and the PCA step of SH). Computed in float64 with TorchSharp on the CPU (deterministic).
/// </summary>
public sealed class LinearProjection
{
    /// <summary>Creates the projection from a mean (D) and a row-major (D, L) matrix.</summary>
    public LinearProjection(double[] mean, double[] matrix, int outputs)
    {
        if (outputs < 1 || matrix.Length != mean.Length * outputs)
            throw new ArgumentException($"matrix must be {mean.Length}×{outputs}, got {matrix.Length} values");
        Mean = mean;
        Matrix = matrix;
        Outputs = outputs;
    }

    /// <summary>μ, the training mean (D).</summary>
    public double[] Mean { get; }

    /// <summary>W, row-major (D, L).</summary>
    public double[] Matrix { get; }

    /// <summary>D.</summary>
    public int Inputs => Mean.Length;

    /// <summary>L, the number of outputs.</summary>
    public int Outputs { get; }

    /// <summary>(X − μ)·W for every row of <paramref name="features"/>, row-major (N, L).</summary>
    /// <exception cref="ArgumentException">The feature dimension differs from the training data's.</exception>
    public double[] Apply(FeatureMatrix features)
    {
        if (features.Columns != Inputs)
            throw new ArgumentException($"features have {features.Columns} columns, the hasher was fitted on {Inputs}");
        const int batch = 8192;   // rows per matmul, bounding the native copy of the features
        var result = new double[(long)features.Rows * Outputs];
        using var scope = NewDisposeScope();
        var w = tensor(Matrix, Inputs, Outputs);                             // (D, L)
        var mean = tensor(Mean);                                             // (D)
        for (int start = 0; start < features.Rows; start += batch)
        {
            using var batchScope = NewDisposeScope();
            int rows = Math.Min(batch, features.Rows - start);
            var x = tensor(features.Values.AsSpan(start * Inputs, rows * Inputs).ToArray(), rows, Inputs); // (B, D)
            var projected = (x - mean).matmul(w).contiguous();               // (B, L)
            projected.data<double>().CopyTo(result, start * Outputs);
        }
        return result;
    }

    /// <summary>The training mean of each column of <paramref name="features"/>.</summary>
    public static double[] ColumnMeans(FeatureMatrix features)
    {
        var mean = new double[features.Columns];
        for (int i = 0; i < features.Rows; i++)
            for (int d = 0; d < features.Columns; d++) mean[d] += features.Values[i * features.Columns + d];
        for (int d = 0; d < mean.Length; d++) mean[d] /= Math.Max(1, features.Rows);
        return mean;
    }
}
