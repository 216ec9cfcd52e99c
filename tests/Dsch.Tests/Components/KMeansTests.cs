using Dsch.Components;
using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Tests.Components;

[Collection(ComponentsCollection.Name)]
public class KMeansTests
{
    static (Tensor Points, long[] Truth) Blobs(long seed) => MixtureData.Sample(400, [0.25, 0.25, 0.25, 0.25],
        [[0, 0], [10, 0], [0, 10], [10, 10]], [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5], [0.5, 0.5]], seed);

    [Fact]
    public void Fit_FindsWellSeparatedClusters()
    {
        var (points, truth) = Blobs(1);
        using var result = KMeans.Fit(points, 4, seed: 0);
        // Each true cluster maps to exactly one label, and the labels are a bijection.
        var mapping = new Dictionary<long, long>();
        for (int i = 0; i < truth.Length; i++)
        {
            if (!mapping.TryGetValue(truth[i], out var label)) mapping[truth[i]] = label = result.Labels[i];
            Assert.Equal(label, result.Labels[i]);
        }
        Assert.Equal(4, mapping.Values.Distinct().Count());
        Assert.InRange(result.Inertia / truth.Length, 0.2, 0.8); // ≈ 2 × 0.5² per point
    }

    [Fact]
    public void Fit_IsDeterministic_ForASeed_AndTheSeedMatters()
    {
        var (points, _) = MixtureData.Sample(300, [1.0], [[0, 0, 0]], [[1, 1, 1]], seed: 5); // no cluster structure
        using var a = KMeans.Fit(points, 7, seed: 3, restarts: 1);
        using var b = KMeans.Fit(points, 7, seed: 3, restarts: 1);
        using var c = KMeans.Fit(points, 7, seed: 4, restarts: 1);
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(MixtureData.Values(a.Centroids), MixtureData.Values(b.Centroids));
        Assert.NotEqual(MixtureData.Values(a.Centroids), MixtureData.Values(c.Centroids));
    }

    [Fact]
    public void MoreRestarts_NeverGiveHigherInertia()
    {
        var (points, _) = MixtureData.Sample(300, [1.0], [[0, 0]], [[1, 1]], seed: 6);
        using var one = KMeans.Fit(points, 9, seed: 8, restarts: 1);
        using var ten = KMeans.Fit(points, 9, seed: 8, restarts: 10);
        Assert.True(ten.Inertia <= one.Inertia + 1e-9);
    }

    [Fact]
    public void Inertia_IsTheSumOfSquaredDistances_ToTheAssignedCentroids()
    {
        var (points, _) = Blobs(2);
        using var result = KMeans.Fit(points, 5, seed: 1, restarts: 2);
        var assigned = result.Centroids.index_select(0, tensor(result.Labels));
        Assert.Equal((points - assigned).pow(Two).sum().item<double>(), result.Inertia, 1e-8);
    }

    [Fact]
    public void MoreClustersThanDistinctPoints_LeaveEmptyClusters_WithFiniteCentroids()
    {
        var values = Enumerable.Range(0, 6).SelectMany(i => new double[] { i % 2, 3 * (i % 2) }).ToArray();
        using var points = tensor(values, [6, 2], ScalarType.Float64);          // two distinct points
        using var result = KMeans.Fit(points, 4, seed: 0);
        Assert.True(result.Centroids.isfinite().all().item<bool>());
        Assert.Equal(0, result.Inertia, 1e-12);
        Assert.Equal(6, result.Sizes().Sum());
        Assert.Equal(2, result.Sizes().Count(s => s > 0));
    }

    [Fact]
    public void Nearest_MatchesTheBruteForceArgmin_AcrossChunkBoundaries()
    {
        // 1,000 centres → chunks of 65 points: 700 points span 11 chunks, the last one partial.
        var generator = new Generator(21);
        var points = randn(700, 6, dtype: ScalarType.Float64, generator: generator);     // (700, 6)
        var centres = randn(1000, 6, dtype: ScalarType.Float64, generator: generator);   // (1000, 6)
        var (labels, distances) = KMeans.Nearest(points, centres);
        var brute = (points.unsqueeze(1) - centres.unsqueeze(0)).pow(Two).sum(2);       // (700, 1000)
        var (expectedDistances, expectedLabels) = brute.min(1);
        Assert.Equal(0L, labels.ne(expectedLabels).sum().item<long>());
        Assert.True((distances - expectedDistances).abs().max().item<double>() < 1e-12);
    }

    [Fact]
    public void MoreClustersThanPoints_IsAnError()
    {
        using var points = zeros(3, 2, dtype: ScalarType.Float64);
        Assert.Throws<InvalidInputException>(() => KMeans.Fit(points, 4, seed: 0));
    }
}
