using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Components;

/// <summary>
/// One EM iteration's pass over the points in cache-sized chunks: the E-step's responsibilities of a chunk are
/// computed, normalised and folded into the M-step's sums at once, so the (N, m) responsibility matrix is never
/// built. Per chunk: one product d(x)·W gives log π_k + log 𝒩(x | k); the row maximum is pulled out; exp; the
/// row sums give the log-likelihood and normalise; one product Rᵀ·D gives Σr, Σr x, Σr q(x).
/// </summary>
/// <remarks>
/// <para><b>Why:</b> the literal algorithm (<see cref="ReferenceGaussianMixture"/>) is bound by memory, not arithmetic:
/// it writes and re-reads several (N, m) matrices (fresh pages each time), and <c>exp</c> of log-responsibilities far
/// below their row's maximum makes subnormal numbers, which x86 processes several times slower per element
/// (measured in docs/performance.md, section "E-step").</para>
/// <para><b>Floor [decision]:</b> log-weights more than 700 below their row's maximum are raised to −700 before
/// <c>exp</c> (e^−700 ≈ 1e-304 is a normal number). A responsibility that should be below ≈ 1e-304 is then
/// ≈ 1e-304: a relative change of at most m·1e-304 to any sum — far below float64 rounding of the sums
/// themselves. The final posteriors (<see cref="GaussianMixtureModel.Posteriors"/>) are computed without the floor.</para>
/// <para><b>Threads [decision]:</b> the pass runs on the caller's single intra-op thread (see <see cref="GaussianMixture"/>).
/// Its products are short and wide — a chunk of tens of rows — and a BLAS may split their sums across threads
/// by the machine's load, which would make a seed's components depend on what else runs; measured at L 16–64
/// (diagonal), all threads were no faster.</para>
/// <para><b>Full covariances:</b> Σr packed(x xᵀ) over responsibilities above 1e-290 only when at most a quarter
/// are (index_add over those entries), else one dense product — the rule of <see cref="MixtureMStep"/>.</para>
/// </remarks>
internal static class FusedEmPass
{
    const long ChunkElements = 1L << 16;     // a 512 KB (n, m) block stays in cache between the product, exp and Rᵀ·D
    static readonly Scalar LogFloor = (-700.0).ToScalar();
    static readonly Scalar NegligibleResponsibility = 1e-290.ToScalar();

    /// <summary>Runs the pass for <paramref name="model"/> (fitted on centred coordinates) over <paramref name="design"/>.</summary>
    public static MixtureSums Run(GaussianMixtureModel model, MixtureDesign design)
    {
        using var scope = NewDisposeScope();
        long N = design.Count, L = design.L, Q = design.Q, m = model.Components, width = design.Width;
        var W = model.DesignCoefficients();                                      // (width, m)
        var device = W.device;
        long summed = design.Full ? 1 + L : width;                              // columns of D summed densely
        var sums = zeros(m, summed, dtype: ScalarType.Float64, device: device);  // (m, summed)
        var moments = design.Full ? zeros(m, Q, dtype: ScalarType.Float64, device: device) : null; // (m, Q)
        var logLikelihood = zeros(1, dtype: ScalarType.Float64, device: device);
        long chunk = Math.Max(1, ChunkElements / Math.Max(m, width));
        for (long start = 0; start < N; start += chunk)
        {
            using var step = NewDisposeScope();
            long n = Math.Min(chunk, N - start);
            var D = design.Rows(start, n);                                       // (n, width)
            var r = D.matmul(W);                                                 // (n, m) log π + log 𝒩
            var top = r.amax([1], keepdim: true);                                // (n, 1)
            r.sub_(top).clamp_min_(LogFloor).exp_();                             // (n, m) unnormalised responsibilities
            var total = r.sum([1], keepdim: true);                               // (n, 1)
            logLikelihood.add_(top.sum(), One).add_(total.log().sum(), One);
            r.div_(total);                                                       // (n, m) responsibilities
            sums.add_(r.t().matmul(D.narrow(1, 0, summed)), One);                   // (m, summed)
            if (moments is not null) AddMoments(moments, r, D.narrow(1, 1 + L, Q));
        }
        double mean = logLikelihood.item<double>() / N;
        var counts = sums.select(1, 0).MoveToOuterDisposeScope();               // (m)
        var linear = sums.narrow(1, 1, L).MoveToOuterDisposeScope();            // (m, L)
        var quadratic = (moments ?? sums.narrow(1, 1 + L, Q)).MoveToOuterDisposeScope(); // (m, Q)
        return new MixtureSums(mean, counts, linear, quadratic);
    }

    /// <summary>moments += Rᵀ·packed over the non-negligible responsibilities of a chunk (sparse or dense, see remarks).</summary>
    static void AddMoments(Tensor moments, Tensor r, Tensor packed)
    {
        var nonZero = r.gt(NegligibleResponsibility).nonzero();                // (nnz, 2)
        if (nonZero.shape[0] * 4 <= r.numel())
        {
            var point = nonZero.select(1, 0);
            var component = nonZero.select(1, 1);
            var weights = r.index([point, component]).unsqueeze(1);              // (nnz, 1)
            moments.index_add_(0, component, packed.index_select(0, point).mul_(weights), One); // into (m, Q)
            return;
        }
        moments.add_(r.t().matmul(packed), One);                                    // (m, Q)
    }
}
