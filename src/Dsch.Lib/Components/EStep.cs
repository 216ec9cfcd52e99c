using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Components;

/// <summary>
/// The E-step of DSCH (docs/method.md, "E-step"): from the continuous codes H (N, L) of the training
/// images, discover the fine components (Gaussian mixture), their posteriors and the coarse
/// components (k-means on the continuous fine means), as a <see cref="ComponentStructure"/>.
/// A pure function of its inputs: no I/O.
/// </summary>
public static class EStep
{
    /// <summary>
    /// Runs the E-step on <paramref name="device"/>. The mixture's k-means initialisation uses
    /// <paramref name="seed"/>, the coarse k-means <c>seed + 1</c> <b>[decision]</b>.
    /// </summary>
    /// <exception cref="InvalidInputException">codes not a finite (N, L) matrix, or options out of range (e.g. m1 &gt; N).</exception>
    public static ComponentStructure Discover(Tensor codes, ComponentOptions options, long seed, Device device)
    {
        var clock = Stopwatch.StartNew();
        if (codes.dim() != 2) throw new InvalidInputException($"codes: expected a matrix (N, L), got rank {codes.dim()}");
        long N = codes.shape[0], L = codes.shape[1];
        if (N == 0 || L == 0) throw new InvalidInputException($"codes: empty matrix ({N}, {L})");
        options.Validate(N, L);
        using var scope = NewDisposeScope();
        var H = codes.to(ScalarType.Float64, device);                           // (N, L)
        RequireFinite(H);
        var fit = GaussianMixture.Fit(H, options.Mixture, seed, device);
        var posteriors = fit.Posteriors;                                         // (N, m1)
        var entropy = -(posteriors * posteriors.clamp_min(Tiny).log()).sum(1).mean().item<double>();
        var fineSizes = bincount(ComponentStructure.HardAssignment(posteriors), minlength: options.M1).data<long>().ToArray();
        var P1 = options.Normalize
            ? posteriors / posteriors.norm(1, keepdim: true, p: 2).clamp_min(Tiny)
            : posteriors;                                                        // (N, m1)
        var means = fit.Model.Parameters.Means;                                  // (m1, L)
        using var coarse = KMeans.Fit(means, options.M2, seed + 1, restarts: options.CoarseRestarts);
        var A = nn.functional.one_hot(tensor(coarse.Labels, device: device), options.M2).to(ScalarType.Float64); // (m1, m2)
        var P2 = P1.matmul(A);                                                   // (N, m2)
        using Scalar uniform = 1.0 / options.M2;
        var coarsePosteriors = posteriors.matmul(A);                             // (N, m2), rows sum to 1
        // Clamped at 0: a one-hot row's sum of 1·log(1 − ε) rounds to −1e-16.
        var coarseEntropy = (-(coarsePosteriors * coarsePosteriors.clamp_min(Tiny).log()).sum(1)).clamp_min(Zero).mean().item<double>();
        var pi2 = full(options.M2, uniform, dtype: ScalarType.Float64, device: device); // (m2)
        var statistics = new ComponentStatistics(fineSizes, coarse.Sizes(), entropy, fit.MeanLogLikelihood,
            fit.LogLikelihoodHistory, fit.Iterations, fit.Converged, clock.Elapsed.TotalSeconds, coarseEntropy);
        var structure = new ComponentStructure(fit.Model, P1.MoveToOuterDisposeScope(), Sign(means).MoveToOuterDisposeScope(),
            coarse.Labels, A.MoveToOuterDisposeScope(), Sign(coarse.Centroids).MoveToOuterDisposeScope(),
            P2.MoveToOuterDisposeScope(), pi2.MoveToOuterDisposeScope(), statistics, options.Normalize);
        fit.Model.MoveToOuterDisposeScope();
        return structure;
    }

    /// <summary>Floor inside log and below norms: posteriors of exactly 0 must not make NaN.</summary>
    static readonly Scalar Tiny = 1e-300.ToScalar();

    /// <summary>sign with sign(0) = +1, as float64 ±1.</summary>
    internal static Tensor Sign(Tensor values) => where(values.ge(Zero), 1.0, -1.0).to(ScalarType.Float64);

    static void RequireFinite(Tensor H)
    {
        using var bad = (~H.isfinite()).nonzero();                               // (k, 2)
        if (bad.shape[0] == 0) return;
        long row = bad[0, 0].item<long>(), column = bad[0, 1].item<long>();
        double value = H[row, column].item<double>();
        throw new InvalidInputException($"codes: row {row}, column {column} is {value} (codes must be finite)");
    }
}
