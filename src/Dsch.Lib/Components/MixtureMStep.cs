using Dsch.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Components;

/// <summary>
/// The M-step of a Gaussian mixture: weights, means and (regularised) covariances from the
/// responsibilities R (N, m), scikit-learn's <c>_estimate_gaussian_parameters</c> vectorised over
/// the components.
/// </summary>
/// <remarks>
/// <para><b>Empty components [scikit-learn rule, kept]:</b> n_k = Σ_n r_nk + 10ε, so a component that
/// no point supports keeps a floor weight ≈ 10ε/N (log π finite), its mean becomes the
/// responsibility-weighted mean (the data mean when every r_nk underflowed to 0) and its
/// covariance reg_covar·I (plus the jitter rule of <see cref="GaussianDensity"/> if needed). It is
/// effectively dead but finite: never NaN, and the log-likelihood stays monotone.</para>
/// <para><b>Second moments:</b> Σ_k = S_k/n_k − μ_kμ_kᵀ + reg·I with S_k = Σ_n r_nk x_n x_nᵀ on
/// centred points, accumulated in packed form. With many components the responsibilities are
/// mostly exact zeros (exp underflow); when at most a quarter are non-zero, only those entries are
/// accumulated (<c>index_add</c>), which gives the same sums without the dense (m, N)·(N, L²/2)
/// product.</para>
/// </remarks>
internal static class MixtureMStep
{
    // 1 Mi doubles (8 MB) per temporary: small enough for the allocator to reuse the block instead of
    // mapping fresh pages each time (page faults cost more than the arithmetic here).
    const long ChunkElements = 1L << 20;
    const double MachineEpsilon = 2.220446049250313e-16; // numpy's finfo(float64).eps
    static readonly Scalar TenEpsilon = (10 * MachineEpsilon).ToScalar();

    /// <summary>
    /// Parameters from centred points Xc (N, L) and responsibilities R (N, m); weights = n_k / Σn_k.
    /// <paramref name="packed"/> may pass <see cref="GaussianDensity.PackedOuter"/>(Xc) when it was precomputed.
    /// </summary>
    public static MixtureParameters Estimate(Tensor Xc, Tensor R, CovarianceType type, double regCovar, Tensor? packed = null)
    {
        using var scope = NewDisposeScope();
        long T = Xc.shape[1] * (Xc.shape[1] + 1) / 2;
        var quadratic = type == CovarianceType.Diagonal
            ? R.t().matmul(Xc.pow(Two))                                        // (m, L) Σ r x²
            : SecondMoments(Xc, R, packed, T);                                   // (m, T) Σ r packed(x xᵀ)
        var parameters = FromSums(R.sum([0]), R.t().matmul(Xc), quadratic, type, regCovar);
        return parameters.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Parameters from the responsibility-weighted sums over centred points: <paramref name="counts"/> Σ_n r_nk (m),
    /// <paramref name="linear"/> Σ_n r_nk x_n (m, L) and <paramref name="quadratic"/> Σ_n r_nk x_n² (m, L, diagonal)
    /// or Σ_n r_nk packed(x_n x_nᵀ) (m, L(L+1)/2, full). Both EM paths end here.
    /// </summary>
    public static MixtureParameters FromSums(Tensor counts, Tensor linear, Tensor quadratic, CovarianceType type, double regCovar)
    {
        using var scope = NewDisposeScope();
        long L = linear.shape[1], m = linear.shape[0];
        using Scalar reg = regCovar;
        var nk = counts.add(TenEpsilon, One);                                   // (m), + 10ε as scikit-learn
        var means = linear / nk.unsqueeze(1);                                    // (m, L)
        Tensor covariances;
        if (type == CovarianceType.Diagonal)
        {
            var second = quadratic / nk.unsqueeze(1);                            // (m, L)
            covariances = (second - means.pow(Two)).clamp_min_(Zero).add_(reg, One);      // (m, L)
        }
        else
        {
            var (iu, ju) = GaussianDensity.PackingIndices(L, linear.device);
            var moments = quadratic / nk.unsqueeze(1);                           // (m, T)
            var full = zeros(m, L, L, dtype: ScalarType.Float64, device: linear.device);
            full.index_put_(moments, TensorIndex.Colon, TensorIndex.Tensor(iu), TensorIndex.Tensor(ju));
            full.index_put_(moments, TensorIndex.Colon, TensorIndex.Tensor(ju), TensorIndex.Tensor(iu));
            covariances = full.sub_(means.unsqueeze(2) * means.unsqueeze(1));      // (m, L, L)
            covariances.diagonal(0, 1, 2).add_(reg, One);
        }
        var weights = nk / nk.sum();
        return new MixtureParameters(weights.MoveToOuterDisposeScope(), means.MoveToOuterDisposeScope(),
            covariances.MoveToOuterDisposeScope());
    }

    /// <summary>S = Rᵀ·packed(x xᵀ) (m, T), dense in row chunks or over the non-zero entries only.</summary>
    static Tensor SecondMoments(Tensor Xc, Tensor R, Tensor? packed, long T)
    {
        long N = Xc.shape[0], m = R.shape[1];
        var S = zeros(m, T, dtype: ScalarType.Float64, device: Xc.device);
        var nonZero = R.nonzero();                                               // (nnz, 2)
        long nnz = nonZero.shape[0];
        long chunk = Math.Max(1, ChunkElements / T);
        if (nnz * 4 <= N * m)
        {
            var point = nonZero[TensorIndex.Colon, 0];
            var component = nonZero[TensorIndex.Colon, 1];
            for (long start = 0; start < nnz; start += chunk)
            {
                using var step = NewDisposeScope();
                long end = Math.Min(nnz, start + chunk);
                var n = point.narrow(0, start, end - start);
                var k = component.narrow(0, start, end - start);
                var r = R[n, k].unsqueeze(1);                                    // (c, 1)
                var outer = packed?.index_select(0, n) ?? GaussianDensity.PackedOuter(Xc.index_select(0, n)); // (c, T)
                S.index_add_(0, k, outer.mul_(r), One);                          // into (m, T)
            }
            return S;
        }
        for (long start = 0; start < N; start += chunk)
        {
            using var step = NewDisposeScope();
            long end = Math.Min(N, start + chunk);
            var outer = packed?.narrow(0, start, end - start) ?? GaussianDensity.PackedOuter(Xc.narrow(0, start, end - start)); // (n, T)
            using (IntraOpThreads.All(Xc.device)) S.add_(R.narrow(0, start, end - start).t().matmul(outer), One); // (m, T)
        }
        return S;
    }
}
