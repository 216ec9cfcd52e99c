using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Tests.Components;

/// <summary>Seeded synthetic data for the component tests.</summary>
static class MixtureData
{
    /// <summary>
    /// N points from a known mixture: component c has weight <paramref name="weights"/>[c], mean
    /// <paramref name="means"/>[c] and independent coordinates with standard deviation
    /// <paramref name="stds"/>[c][j]. Returns the points (N, L) and their true components.
    /// </summary>
    public static (Tensor Points, long[] Truth) Sample(int N, double[] weights, double[][] means, double[][] stds, long seed)
    {
        var generator = new Generator((ulong)seed);
        int L = means[0].Length;
        var truth = new long[N];
        var random = new Random((int)seed);
        for (int i = 0; i < N; i++)
        {
            double u = random.NextDouble(), cumulative = 0;
            truth[i] = weights.Length - 1;
            for (int c = 0; c < weights.Length; c++)
                if (u < (cumulative += weights[c])) { truth[i] = c; break; }
        }
        var noise = randn(N, L, dtype: ScalarType.Float64, generator: generator);
        var centre = tensor(truth.Select(c => means[c]).SelectMany(row => row).ToArray(), [N, L], ScalarType.Float64);
        var scale = tensor(truth.Select(c => stds[c]).SelectMany(row => row).ToArray(), [N, L], ScalarType.Float64);
        return (centre.add(scale * noise, One), truth);
    }

    /// <summary>
    /// The closed-form data of tools/gmm_reference_values.py: point i in cluster c = i % 3,
    /// x_ij = centre[c][j] + spread[c]·sin(1.7 i + 0.9 j + 0.3 c).
    /// </summary>
    public static Tensor ReferencePoints()
    {
        const int N = 150, L = 3;
        double[][] centres = [[0, 0, 0], [5, 5, 0], [-5, 4, 3]];
        double[] spread = [1.0, 0.6, 1.4];
        var values = new double[N * L];
        for (int i = 0; i < N; i++)
            for (int j = 0; j < L; j++)
                values[i * L + j] = centres[i % 3][j] + spread[i % 3] * Math.Sin(1.7 * i + 0.9 * j + 0.3 * (i % 3));
        return tensor(values, [N, L], ScalarType.Float64);
    }

    /// <summary>The fixed start of the reference fit: weights 1/3, means = centres + 0.5, identity covariances.</summary>
    public static Dsch.Components.MixtureParameters ReferenceStart(bool isFull)
    {
        var means = tensor(new double[] { 0.5, 0.5, 0.5, 5.5, 5.5, 0.5, -4.5, 4.5, 3.5 }, [3, 3], ScalarType.Float64);
        using Scalar third = 1.0 / 3;
        var weights = full(3, third, dtype: ScalarType.Float64);
        var covariances = isFull ? eye(3, dtype: ScalarType.Float64).expand(3, 3, 3).contiguous() : ones(3, 3, dtype: ScalarType.Float64);
        return new Dsch.Components.MixtureParameters(weights, means, covariances);
    }

    public static double[] Values(Tensor t) => t.to(ScalarType.Float64).contiguous().data<double>().ToArray();
}
