using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Components;

/// <summary>
/// A fitted Gaussian mixture: its <see cref="Parameters"/> (weights π, means, covariances, float64)
/// and the posterior responsibilities p(k | x) of any points, computed by log-sum-exp.
/// Owns its tensors; dispose it.
/// </summary>
public sealed class GaussianMixtureModel : IDisposable
{
    const long ChunkElements = 1L << 20; // 8 MB temporaries, reused by the allocator (see MixtureMStep)
    readonly Tensor origin;          // (L) the centre the density was precomputed around
    readonly GaussianDensity density;
    readonly Tensor logWeights;      // (m)

    internal GaussianMixtureModel(MixtureParameters parameters, Tensor origin, CovarianceType covariance, double regCovar)
    {
        Parameters = parameters;
        Covariance = covariance;
        this.origin = origin;
        using var centred = parameters.Means - origin;
        density = GaussianDensity.From(centred, parameters.Covariances, covariance, regCovar);
        logWeights = parameters.Weights.log();
    }

    /// <summary>π (m), means (m, L) and covariances ((m, L, L) or (m, L)) in the input's coordinates.</summary>
    public MixtureParameters Parameters { get; }

    /// <summary>Full or diagonal.</summary>
    public CovarianceType Covariance { get; }

    /// <summary>Number of components m.</summary>
    public int Components => Parameters.Components;

    /// <summary>Posterior responsibilities p(k | x_n) (N, m), rows summing to 1, float64.</summary>
    public Tensor Posteriors(Tensor X)
    {
        using var scope = NewDisposeScope();
        return Evaluate(Prepare(X)).LogResponsibilities.exp_().MoveToOuterDisposeScope();
    }

    /// <summary>log p(x_n) = log Σ_k π_k 𝒩(x_n | k) per point (N).</summary>
    public Tensor LogLikelihoods(Tensor X)
    {
        using var scope = NewDisposeScope();
        return Evaluate(Prepare(X)).LogLikelihood.MoveToOuterDisposeScope();
    }

    /// <summary>Mean log-likelihood (1/N) Σ_n log p(x_n) — scikit-learn's <c>score(X)</c>.</summary>
    public double MeanLogLikelihood(Tensor X)
    {
        using var values = LogLikelihoods(X);
        return values.mean().item<double>();
    }

    Tensor Prepare(Tensor X) => X.to(ScalarType.Float64, origin.device) - origin;

    /// <summary>
    /// The E-step on centred points Xc (N, L): log r_nk = log π_k + log 𝒩(x_n|k) − log p(x_n) (N, m)
    /// and log p(x_n) (N), in row chunks so the temporaries stay bounded.
    /// </summary>
    internal (Tensor LogResponsibilities, Tensor LogLikelihood) Evaluate(Tensor Xc, Tensor? packed = null)
    {
        long N = Xc.shape[0], L = Xc.shape[1], m = Components;
        long chunk = Math.Max(1, ChunkElements / Math.Max(m, L * (L + 1) / 2));
        var logResponsibilities = new List<Tensor>();
        var logLikelihood = new List<Tensor>();
        for (long start = 0; start < N; start += chunk)
        {
            long end = Math.Min(N, start + chunk);
            var weighted = density.LogProb(Xc.narrow(0, start, end - start), packed?.narrow(0, start, end - start)).add_(logWeights, One);      // (n, m)
            var norm = weighted.logsumexp(1, keepdim: true);                     // (n, 1)
            logResponsibilities.Add(weighted.sub_(norm));
            logLikelihood.Add(norm.squeeze(1));
        }
        return logResponsibilities.Count == 1
            ? (logResponsibilities[0], logLikelihood[0])
            : (cat(logResponsibilities), cat(logLikelihood));
    }

    /// <summary>W with d(x)·W = log π_k + log 𝒩(x | k) for design rows of centred points (see <see cref="GaussianDensity.DesignCoefficients"/>).</summary>
    internal Tensor DesignCoefficients() => density.DesignCoefficients(logWeights);

    /// <summary>Moves every tensor of the model to the enclosing dispose scope (for results of a scoped method).</summary>
    internal void MoveToOuterDisposeScope()
    {
        foreach (var t in new[] { Parameters.Weights, Parameters.Means, Parameters.Covariances, origin, logWeights })
            t.MoveToOuterDisposeScope();
        density.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Parameters.Dispose();
        origin.Dispose();
        density.Dispose();
        logWeights.Dispose();
    }
}
