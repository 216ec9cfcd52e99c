using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Components;

/// <summary>
/// Design rows d(x) = [1, x, q(x)] of centred points, with q(x) = x² (diagonal covariances) or the packed
/// products x_i x_j, i ≤ j (full, <see cref="GaussianDensity.PackedOuter"/>). Both halves of an EM iteration are
/// one matrix product with them: d(x)·W gives log π_k + log 𝒩(x | k) for every component (W from
/// <see cref="GaussianDensity.DesignCoefficients"/>), and Rᵀ·D gives the M-step's sums Σr, Σr x, Σr q(x).
/// Cached whole when they fit in 256 MB, else built per chunk.
/// </summary>
internal sealed class MixtureDesign : IDisposable
{
    const long CachedElements = 1L << 25;
    readonly Tensor Xc;          // (N, L) centred points (not owned)
    readonly Tensor? cached;     // (N, 1 + L + Q)

    public MixtureDesign(Tensor Xc, CovarianceType covariance)
    {
        this.Xc = Xc;
        Full = covariance == CovarianceType.Full;
        L = Xc.shape[1];
        Q = Full ? L * (L + 1) / 2 : L;
        if (Xc.shape[0] * Width <= CachedElements) cached = Build(Xc);
    }

    /// <summary>Full covariances (q = packed products) or diagonal (q = squares).</summary>
    public bool Full { get; }

    /// <summary>Dimension L of the points.</summary>
    public long L { get; }

    /// <summary>Length Q of q(x): L (diagonal) or L(L+1)/2 (full).</summary>
    public long Q { get; }

    /// <summary>Length of a design row, 1 + L + Q.</summary>
    public long Width => 1 + L + Q;

    /// <summary>Number of points N.</summary>
    public long Count => Xc.shape[0];

    /// <summary>Design rows of points [start, start + n) → (n, Width).</summary>
    public Tensor Rows(long start, long n) => cached?.narrow(0, start, n) ?? Build(Xc.narrow(0, start, n));

    /// <summary>
    /// The cached packed outer products (N, L(L+1)/2) of full covariances — what <see cref="GaussianDensity.LogProb"/> and
    /// <see cref="MixtureMStep.Estimate"/> accept as <c>packed</c> — or null (diagonal, or rows built per chunk).
    /// </summary>
    public Tensor? CachedPackedOuter => Full ? cached?.narrow(1, 1 + L, Q) : null;

    Tensor Build(Tensor points)
    {
        using var scope = NewDisposeScope();
        var q = Full ? GaussianDensity.PackedOuter(points) : points.pow(Two);   // (n, Q)
        var one = ones(points.shape[0], 1, dtype: points.dtype, device: points.device); // (n, 1)
        return cat([one, points, q], 1).MoveToOuterDisposeScope();             // (n, 1 + L + Q)
    }

    /// <inheritdoc />
    public void Dispose() => cached?.Dispose();
}
