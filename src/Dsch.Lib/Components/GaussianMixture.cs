using Dsch.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Components;

/// <summary>
/// Gaussian mixture fitted by EM in float64 TorchSharp — the algorithm and defaults of
/// scikit-learn 1.2's <c>GaussianMixture(n_init=1, init_params="kmeans")</c>, vectorised over the
/// components (packed quadratic forms and batched Cholesky, see <see cref="GaussianDensity"/>), so
/// it runs on the device of the input and is far faster than the per-component loops of the
/// reference.
/// </summary>
/// <remarks>
/// <para><b>Initialisation [scikit-learn]:</b> <see cref="KMeans"/> with m clusters and one
/// k-means++ run on the points, responsibilities one-hot from its labels, then an M-step — unless
/// <see cref="GaussianMixtureOptions.Initial"/> gives the starting parameters.</para>
/// <para><b>Iteration [scikit-learn]:</b> E-step (responsibilities normalised by log-sum-exp, the
/// normaliser's mean is the iteration's mean log-likelihood), M-step; stop when
/// |Δ mean log-likelihood| &lt; tol or after max_iter iterations. A last E-step gives the
/// posteriors of the final parameters. Each iteration is one fused pass (<see cref="FusedEmPass"/>) that
/// follows <see cref="ReferenceGaussianMixture"/>, the literal form, to ≈ 1e-10 in the log-likelihood.</para>
/// <para>Empty and singular components: see <see cref="MixtureMStep"/> and <see cref="GaussianDensity"/>.</para>
/// <para><b>Speed:</b> <c>dsch bench estep</c> against the literal loop and scikit-learn; the figures are in
/// docs/performance.md, section "E-step".</para>
/// </remarks>
public static class GaussianMixture
{
    /// <summary>Fits a mixture to the rows of <paramref name="points"/> (N, L) on <paramref name="device"/> (default: the points' device).</summary>
    public static GaussianMixtureFit Fit(Tensor points, GaussianMixtureOptions options, long seed, Device? device = null)
    {
        if (points.dim() != 2) throw new InvalidInputException($"codes: expected a matrix (N, L), got rank {points.dim()}");
        options.Validate(points.shape[0], points.shape[1]);
        using var threads = IntraOpThreads.Single(device ?? points.device);      // large products opt back in
        using var scope = NewDisposeScope();
        var X = points.to(ScalarType.Float64, device ?? points.device);          // (N, L)
        if (!X.isfinite().all().item<bool>()) throw new InvalidInputException("codes: contain NaN or infinite values");
        var origin = X.mean([0]);                                               // (L)
        var Xc = X - origin;                                                    // (N, L)
        using var design = new MixtureDesign(Xc, options.Covariance);           // (N, 1 + L + Q)
        var parameters = Initialise(Xc, origin, options, seed, design.CachedPackedOuter); // the start's M-step reuses packed(x xᵀ)
        var history = new List<double>();
        bool converged = false;
        double lower = double.NegativeInfinity;
        for (int iteration = 1; iteration <= options.MaxIter; iteration++)
        {
            using var step = NewDisposeScope();
            using var model = new GaussianMixtureModel(parameters, zeros_like(origin), options.Covariance, options.RegCovar);
            using var sums = FusedEmPass.Run(model, design);                    // E-step folded into the M-step's sums
            parameters = MixtureMStep.FromSums(sums.Counts, sums.Linear, sums.Quadratic, options.Covariance, options.RegCovar)
                .MoveToOuterDisposeScope();                                     // M-step
            double previous = lower;
            lower = sums.MeanLogLikelihood;
            history.Add(lower);
            if (Math.Abs(lower - previous) < options.Tol) { converged = true; break; }
        }
        return Finish(parameters, origin, Xc, options, design.CachedPackedOuter, history, converged);
    }

    /// <summary>
    /// The fit of both EM loops (this and <see cref="ReferenceGaussianMixture"/>): the model of the last parameters in
    /// the points' coordinates and the exact posteriors of the centred points <paramref name="Xc"/> under it (a last
    /// E-step, no floor). Takes over <paramref name="centred"/>'s weights and covariances and disposes its means;
    /// the model's tensors move to the caller's enclosing scope.
    /// </summary>
    internal static GaussianMixtureFit Finish(MixtureParameters centred, Tensor origin, Tensor Xc, GaussianMixtureOptions options,
        Tensor? packed, IReadOnlyList<double> history, bool converged)
    {
        var final = new GaussianMixtureModel(
            new MixtureParameters(centred.Weights, centred.Means.add(origin, One), centred.Covariances), origin.clone(),
            options.Covariance, options.RegCovar);
        var (finalLog, finalLikelihood) = final.Evaluate(Xc, packed);        // (N, m), (N)
        var posteriors = finalLog.exp_().MoveToOuterDisposeScope();
        double score = finalLikelihood.mean().item<double>();
        final.MoveToOuterDisposeScope();
        centred.Means.Dispose();
        return new GaussianMixtureFit(final, posteriors, score, history, converged);
    }

    /// <summary>
    /// The k-means start <see cref="Fit"/> uses for <paramref name="seed"/>, in the points' own coordinates — pass it as
    /// <see cref="GaussianMixtureOptions.Initial"/> to run several fits (e.g. the fused and the reference loop) from one start.
    /// </summary>
    public static MixtureParameters KMeansStart(Tensor points, GaussianMixtureOptions options, long seed)
    {
        using var scope = NewDisposeScope();
        var X = points.to(ScalarType.Float64);                                  // (N, L)
        var origin = X.mean([0]);                                               // (L)
        var start = Initialise(X - origin, origin, options with { Initial = null }, seed);
        return new MixtureParameters(start.Weights.MoveToOuterDisposeScope(), start.Means.add(origin, One).MoveToOuterDisposeScope(),
            start.Covariances.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Starting weights, centred means and covariances: given, or from k-means labels (shared with <see cref="ReferenceGaussianMixture"/>).
    /// <paramref name="packed"/> may pass the precomputed <see cref="GaussianDensity.PackedOuter"/>(Xc) (full covariances).
    /// </summary>
    internal static MixtureParameters Initialise(Tensor Xc, Tensor origin, GaussianMixtureOptions options, long seed, Tensor? packed = null)
    {
        if (options.Initial is { } initial)
        {
            var device = Xc.device;
            return new MixtureParameters(initial.Weights.to(ScalarType.Float64, device).clone(), initial.Means.to(ScalarType.Float64, device) - origin,
                initial.Covariances.to(ScalarType.Float64, device).clone());
        }
        using var kmeans = KMeans.Fit(Xc, options.Components, seed, restarts: 1);
        var labels = tensor(kmeans.Labels, device: Xc.device);                  // (N)
        var R = nn.functional.one_hot(labels, options.Components).to(ScalarType.Float64); // (N, m) one-hot
        return MixtureMStep.Estimate(Xc, R, options.Covariance, options.RegCovar, packed);
    }
}
