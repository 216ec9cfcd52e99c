using Dsch.Components;
using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Tests.Components;

/// <summary>The fused EM pass of <see cref="GaussianMixture"/> against the literal loop of <see cref="ReferenceGaussianMixture"/>.</summary>
[Collection(ComponentsCollection.Name)]
public class FusedEmPassTests
{
    /// <summary>Saturated tanh codes of 8 clusters in L dimensions, like a trained head's (many responsibilities underflow).</summary>
    static Tensor Codes(int N, int L, long seed)
    {
        var generator = new Generator((ulong)seed);
        var prototypes = randint(2, [8, L], generator: generator).to(ScalarType.Float64).mul_(Two).sub_(One);  // (8, L)
        var members = randint(8, [N], generator: generator);                                            // (N)
        using Scalar spread = 1.5;
        return prototypes.index_select(0, members).mul(spread).add(randn(N, L, dtype: ScalarType.Float64, generator: generator), One).tanh_();
    }

    [Theory]
    [InlineData(CovarianceType.Diagonal, 16, 60)]
    [InlineData(CovarianceType.Full, 6, 40)]
    [InlineData(CovarianceType.Full, 24, 30)]   // 24-dim full codes: design rows wider than DeepWidth, sparse moments
    public void FusedPass_FollowsTheReferencePath(CovarianceType covariance, int L, int m)
    {
        using var codes = Codes(1500, L, seed: 3);
        var options = new GaussianMixtureOptions(m, covariance, MaxIter: 30, Tol: 0);
        using var start = GaussianMixture.KMeansStart(codes, options, seed: 4);
        using var fused = GaussianMixture.Fit(codes, options with { Initial = start }, seed: 4);
        using var reference = ReferenceGaussianMixture.Fit(codes, options with { Initial = start }, seed: 4);

        Assert.Equal(30, fused.Iterations);
        Assert.Equal(reference.Iterations, fused.Iterations);
        for (int t = 0; t < fused.Iterations; t++)
            Assert.True(Math.Abs(fused.LogLikelihoodHistory[t] - reference.LogLikelihoodHistory[t]) < 1e-8,
                $"iteration {t + 1}: fused {fused.LogLikelihoodHistory[t]:R}, reference {reference.LogLikelihoodHistory[t]:R}");
        Assert.Equal(reference.MeanLogLikelihood, fused.MeanLogLikelihood, 1e-8);
        var (a, b) = (fused.Model.Parameters, reference.Model.Parameters);
        Assert.True((a.Means - b.Means).abs().max().item<double>() < 1e-7, "means differ");
        Assert.True((a.Weights - b.Weights).abs().max().item<double>() < 1e-9, "weights differ");
        using Scalar smallest = 1e-6;
        Assert.True(((a.Covariances - b.Covariances).abs() / b.Covariances.abs().clamp_min(smallest)).max().item<double>() < 1e-5, "covariances differ");
        Assert.True((fused.Posteriors - reference.Posteriors).abs().max().item<double>() < 1e-6, "posteriors differ");
    }

    [Fact]
    public void FusedPass_StartsFromTheSameKMeansStart_AsAnUnseededFit()
    {
        using var codes = Codes(800, 8, seed: 5);
        var options = new GaussianMixtureOptions(20, CovarianceType.Diagonal);
        using var start = GaussianMixture.KMeansStart(codes, options, seed: 9);
        using var given = GaussianMixture.Fit(codes, options with { Initial = start }, seed: 123);
        using var own = GaussianMixture.Fit(codes, options, seed: 9);
        // The start passes through the points' coordinates and back: equal up to rounding of the centring.
        Assert.Equal(own.Iterations, given.Iterations);
        for (int t = 0; t < own.Iterations; t++) Assert.Equal(own.LogLikelihoodHistory[t], given.LogLikelihoodHistory[t], 1e-12);
    }

    [Fact]
    public void ChunkBoundaries_DoNotChangeTheSums()
    {
        // N not a multiple of the pass's chunk (65 rows at m 1,000): the last partial chunk must be counted once.
        using var codes = Codes(1003, 4, seed: 6);
        var options = new GaussianMixtureOptions(1000, CovarianceType.Diagonal, MaxIter: 3, Tol: 0);
        using var start = GaussianMixture.KMeansStart(codes, options, seed: 1);
        using var fused = GaussianMixture.Fit(codes, options with { Initial = start }, seed: 1);
        using var reference = ReferenceGaussianMixture.Fit(codes, options with { Initial = start }, seed: 1);
        for (int t = 0; t < 3; t++) Assert.Equal(reference.LogLikelihoodHistory[t], fused.LogLikelihoodHistory[t], 1e-8);
        Assert.Equal(1.0, fused.Model.Parameters.Weights.sum().item<double>(), 1e-12);
    }
}
