using Dsch.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Components;

/// <summary>
/// log 𝒩(x | μ_k, Σ_k) of every point under every component at once, as a few large matrix
/// products: with the precision P_k = Σ_k⁻¹,
/// <c>(x−μ)ᵀP(x−μ) = Σ_{i≤j} c_ij x_i x_j − 2 xᵀ(Pμ) + μᵀPμ</c>, where the packed coefficients c hold
/// P's upper triangle (off-diagonal entries doubled). One GEMM of the packed outer products
/// (n, L(L+1)/2) by (L(L+1)/2, m) replaces m per-component products, half the work of the
/// Cholesky-whitening form and the same code on a GPU.
/// </summary>
/// <remarks>
/// <para><b>Accuracy [decision]:</b> the expanded quadratic form loses about ε·‖P‖·‖x‖² to
/// cancellation (≈ 1e-7 in the log-density for codes in (−1, 1) and reg_covar = 1e-6, far below
/// the 1e-3 EM tolerance); points are centred on the data mean first and negative results are
/// clamped to 0.</para>
/// <para><b>Singular covariances [decision]:</b> the Cholesky factorisation is checked per
/// component; a component whose regularised covariance still fails it gets 10×, 100×, …
/// reg_covar (at least 1e-10 × its mean variance) added to its diagonal, up to 12 times, before an
/// error is raised. scikit-learn raises at once instead.</para>
/// </remarks>
internal sealed class GaussianDensity : IDisposable
{
    readonly Tensor quadratic;   // full: (m, T) packed coefficients; diagonal: (m, L) precisions
    readonly Tensor linear;      // (m, L) P_k μ_k
    readonly Tensor centre;      // (m) μ_kᵀP_kμ_k
    readonly Tensor offset;      // (m) ½log det P_k − (L/2) log 2π
    readonly bool full;

    static readonly Scalar SmallestVariance = 1e-300.ToScalar();

    GaussianDensity(Tensor quadratic, Tensor linear, Tensor centre, Tensor offset, bool full)
    {
        (this.quadratic, this.linear, this.centre, this.offset, this.full) = (quadratic, linear, centre, offset, full);
    }

    /// <summary>Precomputes the quadratic forms of components with centred means (m, L) and covariances.</summary>
    public static GaussianDensity From(Tensor means, Tensor covariances, CovarianceType type, double regCovar)
    {
        using var scope = NewDisposeScope();
        long L = means.shape[1];
        using Scalar constant = 0.5 * L * Math.Log(2 * Math.PI);
        if (type == CovarianceType.Diagonal)
        {
            var precisions = covariances.reciprocal();                                // (m, L)
            var b = means * precisions;                                          // (m, L)
            var off = precisions.log().sum(1).mul(OneHalf).sub(constant);               // (m)
            return new GaussianDensity(precisions.MoveToOuterDisposeScope(), b.MoveToOuterDisposeScope(),
                (means * b).sum(1).MoveToOuterDisposeScope(), off.MoveToOuterDisposeScope(), false);
        }
        Tensor chol, P;
        using (IntraOpThreads.Single(means.device))
        {
            chol = Cholesky(covariances, regCovar);                              // (m, L, L) lower
            P = cholesky_inverse(chol);                                          // (m, L, L)
        }
        var halfLogDet = chol.diagonal(0, 1, 2).log().sum(1).neg();             // (m)
        // Packed upper triangle of the symmetrised P, off-diagonal entries doubled: row i holds P_ii, 2P_i(i+1..L-1).
        var coefficients = cat(Enumerable.Range(0, (int)L).Select(i =>
        {
            var row = P[.., i, i..].add(P[.., i.., i], One);                           // (m, L−i): 2P_ii, P_ij + P_ji
            row[.., 0].mul_(OneHalf);
            return row;
        }).ToArray(), 1);                                                        // (m, T)
        var pm = P.bmm(means.unsqueeze(2)).squeeze(2);                           // (m, L)
        var offset = halfLogDet.sub(constant);                                    // (m)
        return new GaussianDensity(coefficients.MoveToOuterDisposeScope(), pm.MoveToOuterDisposeScope(),
            (means * pm).sum(1).MoveToOuterDisposeScope(), offset.MoveToOuterDisposeScope(), true);
    }

    /// <summary>
    /// log 𝒩(x_n | k) for a chunk of centred points (n, L) → (n, m); <paramref name="packed"/> may
    /// pass the precomputed <see cref="PackedOuter"/> of the chunk (full covariances).
    /// </summary>
    public Tensor LogProb(Tensor Xc, Tensor? packed = null)
    {
        using var scope = NewDisposeScope();
        var features = full ? packed ?? PackedOuter(Xc) : Xc.pow(Two);       // (n, T) or (n, L)
        Tensor mahalanobis;
        using (IntraOpThreads.All(Xc.device)) mahalanobis = features.matmul(quadratic.t()); // (n, m)
        mahalanobis.add_(Xc.matmul(linear.t()), alpha: MinusTwo).add_(centre, One).clamp_min_(Zero);
        return (offset - mahalanobis.mul(OneHalf)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The coefficients W (1 + L + Q, m) with d(x)·W = log π_k + log 𝒩(x | k) for design rows d(x) = [1, x, q(x)]
    /// (<see cref="MixtureDesign"/>): row 0 log π_k + offset_k − ½μ_kᵀP_kμ_k, then P_kμ_k, then −½ times the
    /// quadratic coefficients. Unlike <see cref="LogProb"/> the Mahalanobis term is not clamped at 0 (its
    /// rounding, ≈ 1e-7, stays far below the EM tolerance).
    /// </summary>
    public Tensor DesignCoefficients(Tensor logWeights)
    {
        using var scope = NewDisposeScope();
        var constant = (logWeights.add(offset, One) - centre.mul(OneHalf)).unsqueeze(0);       // (1, m)
        return cat([constant, linear.t(), quadratic.t().mul(MinusOneHalf)], 0).contiguous().MoveToOuterDisposeScope(); // (1 + L + Q, m)
    }

    /// <summary>
    /// Row-wise packed outer products x_i x_j for i ≤ j, in the order of <see cref="PackingIndices"/>:
    /// (n, L) → (n, L(L+1)/2). Built from L contiguous slices (a column gather was 10× slower).
    /// </summary>
    internal static Tensor PackedOuter(Tensor X)
    {
        long L = X.shape[1];
        var X2 = X.contiguous();
        return cat(Enumerable.Range(0, (int)L).Select(i => X2[.., i..(i + 1)] * X2[.., i..]).ToArray(), 1);
    }

    /// <summary>Row and column indices of the upper triangle (diagonal included), length L(L+1)/2.</summary>
    internal static (Tensor Rows, Tensor Cols) PackingIndices(long L, Device device)
    {
        var indices = triu_indices(L, L, 0, device: device);                     // (2, T)
        return (indices[0], indices[1]);
    }

    /// <summary>Batched lower Cholesky factors with the jitter rule of the remarks.</summary>
    static Tensor Cholesky(Tensor covariances, double regCovar)
    {
        var (chol, info) = linalg.cholesky_ex(covariances);
        if (!info.gt(Zero).any().item<bool>()) return chol;
        long L = covariances.shape[1];
        var eye = torch.eye(L, dtype: ScalarType.Float64, device: covariances.device);
        var meanVariance = covariances.diagonal(0, 1, 2).mean([1]).abs().clamp_min(SmallestVariance); // (m)
        for (int attempt = 1; attempt <= 12; attempt++)
        {
            using Scalar floorScale = 1e-10 * Math.Pow(10, attempt - 1);
            var failed = info.gt(Zero).to(ScalarType.Float64);                       // (m)
            var jitter = maximum(tensor(regCovar * Math.Pow(10, attempt), device: covariances.device),
                meanVariance.mul(floorScale)) * failed;      // (m)
            covariances = covariances.add(jitter.view(-1, 1, 1) * eye, One);
            (chol, info) = linalg.cholesky_ex(covariances);
            if (!info.gt(Zero).any().item<bool>()) return chol;
        }
        throw new InvalidOperationException(
            "Gaussian mixture: a component covariance is not positive definite even after adding jitter; " +
            "the codes may contain huge values — check the input or increase reg_covar");
    }

    /// <summary>Moves the precomputed tensors to the enclosing dispose scope.</summary>
    public void MoveToOuterDisposeScope()
    {
        foreach (var t in new[] { quadratic, linear, centre, offset })
            t.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        quadratic.Dispose();
        linear.Dispose();
        centre.Dispose();
        offset.Dispose();
    }
}
