using Dsch.Components;
using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Tests.Components;

[Collection(ComponentsCollection.Name)]
public class GaussianMixtureTests
{
    static readonly double[] TrueWeights = [0.5, 0.3, 0.2];
    static readonly double[][] TrueMeans = [[0, 0, 0, 0], [6, 6, 0, 0], [-6, 0, 6, 3]];
    static readonly double[][] TrueStds = [[1, 1, 1, 1], [0.5, 1.5, 1, 0.7], [1.2, 0.8, 0.6, 1]];

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Diagonal)]
    public void Fit_RecoversTheParameters_OfAWellSeparatedMixture(CovarianceType covariance)
    {
        var (points, _) = MixtureData.Sample(3000, TrueWeights, TrueMeans, TrueStds, seed: 7);
        using var fit = GaussianMixture.Fit(points, new GaussianMixtureOptions(3, covariance), seed: 1);
        var means = fit.Model.Parameters.Means;                                   // (3, 4)
        for (int c = 0; c < 3; c++)
        {
            // Match each true component to the nearest fitted mean.
            var truth = tensor(TrueMeans[c], dtype: ScalarType.Float64);
            long k = (means - truth).pow(Two).sum(1).argmin().item<long>();
            Assert.True((means[k] - truth).abs().max().item<double>() < 0.15, $"component {c}: mean {string.Join(", ", MixtureData.Values(means[k]))}");
            Assert.Equal(TrueWeights[c], fit.Model.Parameters.Weights[k].item<double>(), 0.03);
            var variances = covariance == CovarianceType.Full
                ? fit.Model.Parameters.Covariances[k].diagonal() : fit.Model.Parameters.Covariances[k];
            var expected = tensor(TrueStds[c].Select(s => s * s).ToArray(), dtype: ScalarType.Float64);
            Assert.True(((variances - expected).abs() / expected).max().item<double>() < 0.15, $"component {c}: variances");
        }
        Assert.True(fit.Converged);
    }

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Diagonal)]
    public void LogLikelihood_NeverDecreases_AcrossIterations(CovarianceType covariance)
    {
        // Overlapping components and more of them than clusters: EM climbs for many iterations.
        var (points, _) = MixtureData.Sample(800, [0.4, 0.6], [[0, 0, 0], [1.5, 1, 0]], [[1, 1, 1], [1, 2, 0.5]], seed: 3);
        using var fit = GaussianMixture.Fit(points, new GaussianMixtureOptions(6, covariance, MaxIter: 40, Tol: 0), seed: 5);
        Assert.Equal(40, fit.Iterations);
        Assert.False(fit.Converged);
        for (int t = 1; t < fit.Iterations; t++)
            Assert.True(fit.LogLikelihoodHistory[t] >= fit.LogLikelihoodHistory[t - 1] - 1e-9,
                $"iteration {t + 1}: {fit.LogLikelihoodHistory[t]} < {fit.LogLikelihoodHistory[t - 1]}");
        Assert.True(fit.MeanLogLikelihood >= fit.LogLikelihoodHistory[^1] - 1e-9);
        Assert.True(fit.LogLikelihoodHistory[^1] > fit.LogLikelihoodHistory[0]);
    }

    [Fact]
    public void DiagonalAndFull_Agree_OnDataWithDiagonalCovariance()
    {
        var (points, _) = MixtureData.Sample(2000, TrueWeights, TrueMeans, TrueStds, seed: 11);
        using var full = GaussianMixture.Fit(points, new GaussianMixtureOptions(3, CovarianceType.Full), seed: 2);
        using var diagonal = GaussianMixture.Fit(points, new GaussianMixtureOptions(3, CovarianceType.Diagonal), seed: 2);
        // The full fit has 6 more parameters per component; on axis-aligned data it gains almost nothing.
        Assert.InRange(full.MeanLogLikelihood - diagonal.MeanLogLikelihood, 0, 0.02);
        var offDiagonal = full.Model.Parameters.Covariances - diag_embed(full.Model.Parameters.Covariances.diagonal(0, 1, 2));
        Assert.True(offDiagonal.abs().max().item<double>() < 0.15);
        Assert.True((full.Model.Parameters.Means - diagonal.Model.Parameters.Means).abs().max().item<double>() < 0.05);
        Assert.True((full.Posteriors - diagonal.Posteriors).abs().max().item<double>() < 0.05);
    }

    [Fact]
    public void Posteriors_AreRowsOfProbabilities_MatchingTheModel()
    {
        var (points, _) = MixtureData.Sample(500, TrueWeights, TrueMeans, TrueStds, seed: 4);
        using var fit = GaussianMixture.Fit(points, new GaussianMixtureOptions(3), seed: 0);
        Assert.True(fit.Posteriors.sum(1).sub(One).abs().max().item<double>() < 1e-12);
        using var again = fit.Model.Posteriors(points);
        Assert.True((again - fit.Posteriors).abs().max().item<double>() < 1e-12);
        Assert.Equal(fit.MeanLogLikelihood, fit.Model.MeanLogLikelihood(points), 1e-10);
    }

    [Fact]
    public void Fit_IsDeterministic_ForASeed()
    {
        var (points, _) = MixtureData.Sample(600, TrueWeights, TrueMeans, TrueStds, seed: 9);
        using var a = GaussianMixture.Fit(points, new GaussianMixtureOptions(8), seed: 42);
        using var b = GaussianMixture.Fit(points, new GaussianMixtureOptions(8), seed: 42);
        Assert.Equal(MixtureData.Values(a.Model.Parameters.Means), MixtureData.Values(b.Model.Parameters.Means));
        Assert.Equal(a.LogLikelihoodHistory, b.LogLikelihoodHistory);
    }

    [Fact]
    public void EmptyComponent_KeepsAFloorWeight_AndNothingBecomesNaN()
    {
        var (points, _) = MixtureData.Sample(300, [0.5, 0.5], [[0, 0], [5, 5]], [[1, 1], [1, 1]], seed: 2);
        // The third component starts a thousand units away: every responsibility underflows to 0.
        using var start = new MixtureParameters(tensor(new[] { 0.45, 0.45, 0.1 }, dtype: ScalarType.Float64),
            tensor(new double[] { 0, 0, 5, 5, 1000, 1000 }, [3, 2], ScalarType.Float64),
            eye(2, dtype: ScalarType.Float64).expand(3, 2, 2).contiguous());
        using var fit = GaussianMixture.Fit(points, new GaussianMixtureOptions(3) { Initial = start }, seed: 0);
        var p = fit.Model.Parameters;
        foreach (var t in new[] { p.Weights, p.Means, p.Covariances, fit.Posteriors })
            Assert.True(t.isfinite().all().item<bool>());
        Assert.True(p.Weights[2].item<double>() < 1e-12);
        Assert.True(double.IsFinite(fit.MeanLogLikelihood));
        Assert.Equal(1e-6, p.Covariances[2, 0, 0].item<double>(), 1e-12); // reg_covar·I
    }

    [Fact]
    public void DuplicatedPoints_GiveSingularComponents_ThatStayFinite()
    {
        // 12 points at only 3 distinct places, 3 components: each covariance is exactly reg_covar·I.
        var values = Enumerable.Range(0, 12).SelectMany(i => new double[] { i % 3, 2 * (i % 3) }).ToArray();
        using var points = tensor(values, [12, 2], ScalarType.Float64);
        using var fit = GaussianMixture.Fit(points, new GaussianMixtureOptions(3), seed: 0);
        Assert.True(fit.Model.Parameters.Covariances.isfinite().all().item<bool>());
        Assert.True(fit.Posteriors.isfinite().all().item<bool>());
        Assert.True(double.IsFinite(fit.MeanLogLikelihood));
    }

    [Fact]
    public void MoreComponentsThanPoints_IsAnError_NamingTheOption()
    {
        using var points = randn(5, 2, dtype: ScalarType.Float64);
        var error = Assert.Throws<InvalidInputException>(() => GaussianMixture.Fit(points, new GaussianMixtureOptions(6), seed: 0));
        Assert.Contains("--m1", error.Message);
        Assert.Contains("N = 5", error.Message);
    }

    [Fact]
    public void InitialParameters_OfTheWrongShape_AreAnError()
    {
        using var points = randn(20, 2, dtype: ScalarType.Float64);
        using var start = new MixtureParameters(full(2, OneHalf, dtype: ScalarType.Float64), zeros(2, 3, dtype: ScalarType.Float64),
            eye(3, dtype: ScalarType.Float64).expand(2, 3, 3).contiguous());
        Assert.Throws<InvalidInputException>(() => GaussianMixture.Fit(points, new GaussianMixtureOptions(2) { Initial = start }, seed: 0));
    }
}
