using Dsch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Components;

/// <summary>
/// scikit-learn 1.2's EM loop written literally: each iteration builds the whole (N, m) matrix of
/// log-responsibilities (log-sum-exp), exponentiates it and runs the M-step on that matrix. It is the yardstick
/// that <see cref="GaussianMixture"/> (the fused, cache-sized pass) is tested and benchmarked against — the two
/// share the initialisation, the density (<see cref="GaussianDensity"/>) and nothing of the iteration.
/// </summary>
public static class ReferenceGaussianMixture
{
    /// <summary>Fits like <see cref="GaussianMixture.Fit"/>; same start for the same seed.</summary>
    public static GaussianMixtureFit Fit(Tensor points, GaussianMixtureOptions options, long seed, Device? device = null)
    {
        options.Validate(points.shape[0], points.shape[1]);
        using var threads = IntraOpThreads.Single(device ?? points.device);
        using var scope = NewDisposeScope();
        var X = points.to(ScalarType.Float64, device ?? points.device);          // (N, L)
        var origin = X.mean([0]);                                               // (L)
        var Xc = X - origin;                                                    // (N, L)
        var start = GaussianMixture.Initialise(Xc, origin, options, seed);
        var (weights, means, covariances) = (start.Weights, start.Means, start.Covariances);
        var history = new List<double>();
        bool converged = false;
        double lower = double.NegativeInfinity;
        for (int iteration = 1; iteration <= options.MaxIter; iteration++)
        {
            using var step = NewDisposeScope();
            using var model = new GaussianMixtureModel(new MixtureParameters(weights, means, covariances), zeros_like(origin), options.Covariance, options.RegCovar);
            var (logResponsibilities, logLikelihood) = model.Evaluate(Xc);     // E-step: (N, m), (N)
            var next = MixtureMStep.Estimate(Xc, logResponsibilities.exp_(), options.Covariance, options.RegCovar); // M-step
            (weights, means, covariances) = (next.Weights.MoveToOuterDisposeScope(), next.Means.MoveToOuterDisposeScope(),
                next.Covariances.MoveToOuterDisposeScope());
            double previous = lower;
            lower = logLikelihood.mean().item<double>();
            history.Add(lower);
            if (Math.Abs(lower - previous) < options.Tol) { converged = true; break; }
        }
        return GaussianMixture.Finish(new MixtureParameters(weights, means, covariances), origin, Xc, options, null, history, converged);
    }
}
