using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Baselines;

/// <summary>
/// PCA of a feature matrix: the training mean and the leading eigenvectors of the covariance
/// (float64, <c>torch.linalg.eigh</c>), sorted by decreasing eigenvalue. Each eigenvector's sign is
/// fixed so its largest-magnitude entry is positive (eigh's sign is arbitrary; ours is reproducible).
/// </summary>
public static class PrincipalComponents
{
    /// <summary>The centring and projection onto the first <paramref name="components"/> principal directions.</summary>
    /// <param name="features">Training features (N, D), N ≥ 2.</param>
    /// <param name="components">k ≤ D.</param>
    /// <param name="eigenvalues">The k largest covariance eigenvalues, decreasing.</param>
    public static LinearProjection Fit(FeatureMatrix features, int components, out double[] eigenvalues)
    {
        int n = features.Rows, d = features.Columns;
        if (n < 2) throw new ArgumentException($"PCA needs at least 2 training rows, got {n}");
        if (components < 1 || components > d)
            throw new ArgumentException($"PCA to {components} dimensions needs 1 ≤ components ≤ feature dimension {d}");
        var mean = LinearProjection.ColumnMeans(features);
        using var scope = NewDisposeScope();
        var x = tensor(features.Values, n, d) - tensor(mean);   // (N, D)
        using Scalar degreesOfFreedom = n - 1;
        var covariance = x.T.matmul(x).div(degreesOfFreedom);               // (D, D)
        var (values, vectors) = linalg.eigh(covariance);          // ascending
        var allValues = values.data<double>().ToArray();
        var allVectors = vectors.contiguous().data<double>().ToArray(); // (D, D), column j = eigenvector j
        var matrix = new double[d * components];                  // (D, k)
        eigenvalues = new double[components];
        for (int c = 0; c < components; c++)
        {
            int source = d - 1 - c;
            eigenvalues[c] = allValues[source];
            int largest = 0;
            for (int row = 1; row < d; row++)
                if (Math.Abs(allVectors[row * d + source]) > Math.Abs(allVectors[largest * d + source])) largest = row;
            double sign = allVectors[largest * d + source] < 0 ? -1 : 1;
            for (int row = 0; row < d; row++) matrix[row * components + c] = sign * allVectors[row * d + source];
        }
        return new LinearProjection(mean, matrix, components);
    }
}
