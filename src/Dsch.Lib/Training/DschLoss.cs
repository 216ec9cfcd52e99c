using Dsch.Components;
using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Training;

/// <summary>The loss terms of one batch; each a scalar tensor (zero when switched off).</summary>
/// <param name="Total"><c>L_ic + λ (L_cc^f + L_cc^c)</c>, the value that is minimised.</param>
/// <param name="Instance"><c>L_ic</c>.</param>
/// <param name="Fine"><c>L_cc^f</c>.</param>
/// <param name="Coarse"><c>L_cc^c</c>.</param>
/// <param name="OtherImageShare">Share of L_ic's positive weight on other images (not a row's own twin view), the
/// mean over rows of <c>Σ_{j ∉ {i, twin}} w_ij</c>; 0 under S = I. A diagnostic, without gradient.</param>
public sealed record LossTerms(Tensor Total, Tensor Instance, Tensor Fine, Tensor Coarse, Tensor OtherImageShare);

/// <summary>
/// What the E-step says about the 2B rows of a batch (view k of image i carries image i's rows).
/// </summary>
/// <param name="P1">Fine posteriors, (2B, m1).</param>
/// <param name="P2">Coarse posteriors, (2B, m2).</param>
/// <param name="FineCentres">Binarised fine centres μ1 = sign(means), (m1, L).</param>
/// <param name="FineLogPrior">log π1, (m1).</param>
/// <param name="CoarseCentres">Binarised coarse centres μ2, (m2, L).</param>
/// <param name="CoarseLogPrior">log π2, (m2).</param>
/// <param name="Cooccurrence">S of the batch rows against the 2B rows and then the M memory rows, (2B, 2B + M);
/// null means <c>S = P1·P1ᵀ</c> (see <see cref="MateOptions"/>).</param>
public sealed record BatchComponents(Tensor P1, Tensor P2, Tensor FineCentres, Tensor FineLogPrior,
    Tensor CoarseCentres, Tensor CoarseLogPrior, Tensor? Cooccurrence = null);

/// <summary>
/// The DSCH objective for one batch of 2B rows (two augmented views of B images). Pure: tensors in, terms out.
/// </summary>
/// <remarks>
/// With <c>z = h/‖h‖</c> the unit codes:
/// <list type="bullet">
/// <item><c>L_ic = mean_i −Σ_{j≠i} w_ij log softmax_{k≠i}(z_i·z_k/τ)_j</c>, <c>w_ij = S_ij / Σ_{j'≠i} S_ij'</c>,
/// <c>S = P1·P1ᵀ</c> on the batch rows, or <c>S = I</c> at image level (then the only positive is the other
/// view: plain NT-Xent). [decision: reconstructed — the authors' loss bodies are not public]</item>
/// <item><c>L_cc^f = −mean_i Σ_j P1_ij log softmax_j(log π1_j + z_i·μ̂1_j/τ)</c> with <c>μ̂ = μ/‖μ‖</c>;
/// <c>L_cc^c</c> the same with P2, μ2, π2. [decision: reconstructed]</item>
/// <item><c>L = L_ic + λ (L_cc^f + L_cc^c)</c>. [official]</item>
/// </list>
/// </remarks>
public static class DschLoss
{
    static readonly Scalar MinusInfinity = double.NegativeInfinity.ToScalar();
    static readonly Scalar SmallestRowSum = 1e-12.ToScalar();

    /// <summary>
    /// Computes the terms. <paramref name="h"/> is (2B, L), rows 2b and 2b+1 being the two views of image b;
    /// <paramref name="components"/> may be null only when no term needs it. <paramref name="memory"/> (M, L), unit
    /// codes of other images from the previous epoch, joins the candidates of L_ic (no gradient flows into it);
    /// its S columns come from <see cref="BatchComponents.Cooccurrence"/>.
    /// </summary>
    public static LossTerms Compute(Tensor h, BatchComponents? components, LossOptions options, Tensor? memory = null)
    {
        long rows = h.shape[0];
        if (h.dim() != 2 || rows < 2 || rows % 2 != 0)
            throw new ArgumentException($"codes must be (2B, L) with two views per image, got ({string.Join(", ", h.shape)})");
        if (options.NeedsComponents && components is null)
            throw new ArgumentException("this loss configuration needs the E-step's components");

        var z = nn.functional.normalize(h, p: 2, dim: 1);                           // (2B, L)
        var zero = zeros(1, dtype: h.dtype, device: h.device).squeeze();
        var (instance, share) = options.Instance ? InstanceCorrelation(z, components, options, memory) : (zero, zero);
        var fine = options.Fine && options.Lambda > 0
            ? ComponentCorrelation(z, components!.P1, components.FineCentres, components.FineLogPrior, options.Tau) : zero;
        var coarse = options.Coarse && options.Lambda > 0
            ? ComponentCorrelation(z, components!.P2, components.CoarseCentres, components.CoarseLogPrior, options.Tau) : zero;
        using Scalar lambda = options.Lambda;
        var total = instance.add(fine.add(coarse, One).mul(lambda), One);            // L_ic + λ(L_fine + L_coarse)
        return new LossTerms(total, instance, fine, coarse, share);
    }

    /// <summary><c>L_ic</c>: contrastive loss with soft positives weighted by co-occurrence, and the share of its
    /// positive weight on other images.</summary>
    static (Tensor Loss, Tensor Share) InstanceCorrelation(Tensor z, BatchComponents? components, LossOptions options, Tensor? memory)
    {
        long rows = z.shape[0], extra = memory?.shape[0] ?? 0;
        var self = extra == 0 ? eye(rows, dtype: ScalarType.Bool, device: z.device)    // (2B, 2B)
            : eye(rows, rows + extra, dtype: ScalarType.Bool, device: z.device);         // (2B, 2B + M)
        var candidates = memory is null ? z : cat([z, memory.to(z.dtype).detach()], 0);  // (2B + M, L)
        using Scalar tau = options.Tau;
        var logits = z.matmul(candidates.t()).div(tau);                                // (2B, 2B + M)
        var logProbability = logits.masked_fill(self, MinusInfinity).log_softmax(1);

        var weights = !options.Cooccurrence ? Padded(SameImage(rows, z.device).to(z.dtype), extra) // S = I at image level
            : components!.Cooccurrence is { } s ? s.to(z.dtype)                         // a reading's S, (2B, 2B + M)
            : ComponentStructure.Cooccurrence(components.P1, components.P1).to(z.dtype); // S = P1·P1ᵀ block, (2B, 2B)
        weights = weights.masked_fill(self, Zero);
        weights = weights / weights.sum(1, keepdim: true).clamp_min(SmallestRowSum);   // rows of w sum to 1
        // The diagonal holds -inf log-probabilities with zero weight: mask it out instead of 0·(-inf) = NaN.
        var perRow = -(weights * logProbability.masked_fill(self, Zero)).sum(1);      // (2B)
        var share = weights.detach().masked_fill(Padded(SameImage(rows, z.device), extra), Zero).sum(1).mean();
        return (perRow.mean(), share);
    }

    /// <summary>(2B, 2B) padded with <paramref name="extra"/> zero (false) columns for memory rows.</summary>
    static Tensor Padded(Tensor block, long extra) =>
        extra == 0 ? block : cat([block, zeros([block.shape[0], extra], dtype: block.dtype, device: block.device)], 1);

    /// <summary><c>L_cc</c>: cross-entropy between posteriors and the prior-weighted softmax over unit centres.</summary>
    static Tensor ComponentCorrelation(Tensor z, Tensor posteriors, Tensor centres, Tensor logPrior, double tau)
    {
        var unitCentres = nn.functional.normalize(centres.to(z.dtype), p: 2, dim: 1);   // (m, L)
        using Scalar temperature = tau;
        var logits = logPrior.to(z.dtype).unsqueeze(0).add(z.matmul(unitCentres.t()).div(temperature), One); // (2B, m)
        return -(posteriors.to(z.dtype) * logits.log_softmax(1)).sum(1).mean();
    }

    /// <summary>(2B, 2B) boolean: true where two rows are views of the same image (rows 2b, 2b+1).</summary>
    internal static Tensor SameImage(long rows, Device device)
    {
        using Scalar end = rows;
        var image = arange(Zero, end, One, device: device).div(Two, rounding_mode: RoundingMode.floor); // (2B)
        return image.unsqueeze(1).eq(image.unsqueeze(0));
    }
}
