using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Components;

/// <summary>
/// The best of the k-means runs: centroids (k, L) float64 on the device of the input, the cluster of
/// every point, the inertia (sum of squared distances of the points to their centroids) and the
/// number of Lloyd iterations of the winning run. Owns <see cref="Centroids"/>; dispose it.
/// </summary>
/// <param name="Centroids">Cluster centres, (k, L), float64.</param>
/// <param name="Labels">Cluster index (0..k-1) of each point, length N.</param>
/// <param name="Inertia">Σ_i ‖x_i − c_{label(i)}‖² of the winning run.</param>
/// <param name="Iterations">Lloyd iterations of the winning run.</param>
public sealed record KMeansResult(Tensor Centroids, long[] Labels, double Inertia, int Iterations) : IDisposable
{
    /// <summary>Number of points assigned to each cluster, length k.</summary>
    public long[] Sizes()
    {
        var sizes = new long[Centroids.shape[0]];
        foreach (var label in Labels) sizes[label]++;
        return sizes;
    }

    /// <inheritdoc />
    public void Dispose() => Centroids.Dispose();
}
