using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Training;

/// <summary>The terms of CIBHash's loss on one batch.</summary>
/// <param name="Total"><c>L_cl + β L_kl</c>.</param>
/// <param name="Contrastive"><c>L_cl</c>, NT-Xent over the 2B codes.</param>
/// <param name="Kl"><c>L_kl</c>, the symmetric KL between the two views' bit probabilities.</param>
/// <param name="Codes">The codes b (2B, L) of the forward pass.</param>
public sealed record CibHashTerms(Tensor Total, Tensor Contrastive, Tensor Kl, Tensor Codes);

/// <summary>
/// CIBHash's batch loss (Qiu et al., IJCAI 2021). From the logits a (2B, L), rows 2b and 2b+1 the two views of image
/// b: <c>p = σ(a)</c>, codes <c>b = sign(p − t)</c> straight-through (<see cref="BinaryLayers.StraightThroughSign"/>)
/// with threshold t = 0.5 (the public code) or t = u ~ U(0, 1) per entry (the paper's sampled layer, as read);
/// <c>L_cl</c> = NT-Xent over the 2B codes at temperature τ, the positive of a row the other view of its image;
/// <c>L_kl = ½ [KL(p⁽¹⁾ ‖ sg p⁽²⁾) + KL(p⁽²⁾ ‖ sg p⁽¹⁾)]</c> with
/// <c>KL(p ‖ q) = mean_rows Σ_bits [p (log(p + ε) − log(q + ε)) + (1 − p)(log(1 − p + ε) − log(1 − q + ε))]</c>, ε = 1e-8;
/// <c>L = L_cl + β L_kl</c>. Pure.
/// </summary>
/// <remarks>[official: zexuanqiu/CIBHash@4c896ee model/CIBHash.py (<c>hash_layer</c>, <c>compute_kl</c>,
/// <c>NtXentLoss</c>), τ = 0.3, β = 0.001]. L_cl is DSCH's instance term with S = I applied to b
/// (<see cref="DschLoss"/>; b/‖b‖ = b/√L), not a second NT-Xent. [decision]</remarks>
public static class CibHashLoss
{
    static readonly Scalar Epsilon = 1e-8.ToScalar();

    /// <summary>The terms for logits <paramref name="a"/> (2B, L); <paramref name="threshold"/> (2B, L) replaces 0.5 when given.</summary>
    public static CibHashTerms Compute(Tensor a, double tau, double beta, Tensor? threshold = null)
    {
        if (a.dim() != 2 || a.shape[0] < 2 || a.shape[0] % 2 != 0)
            throw new InvalidInputException($"CIBHash loss: expected logits (2B, L) with two views per image, got ({string.Join(", ", a.shape)})");
        var p = a.sigmoid();                                                                // (2B, L)
        var b = BinaryLayers.StraightThroughSign(threshold is null ? p.sub(OneHalf) : p.sub(threshold.to(p.dtype))); // (2B, L)
        var contrastive = DschLoss.Compute(b, null, LossOptions.ContrastiveBaseline(tau)).Instance;
        var views = p.view(-1, 2, p.shape[1]);                                              // (B, 2, L)
        var p1 = views.select(1, 0);                                                        // (B, L)
        var p2 = views.select(1, 1);                                                        // (B, L)
        var kl = Kl(p1, p2.detach()).add(Kl(p2, p1.detach()), One).mul(OneHalf);
        using Scalar weight = beta;
        return new CibHashTerms(contrastive.add(kl, weight), contrastive, kl, b);
    }

    /// <summary>KL between two products of Bernoullis, (B, L) each, summed over bits and averaged over rows.</summary>
    static Tensor Kl(Tensor p, Tensor q)
    {
        var ones = ones_like(p);
        var pos = p.mul(p.add(Epsilon, One).log().sub(q.add(Epsilon, One).log()));               // (B, L)
        var pc = ones.sub(p);
        var neg = pc.mul(pc.add(Epsilon, One).log().sub(ones.sub(q).add(Epsilon, One).log())); // (B, L)
        return pos.add(neg, One).sum(1).mean();
    }
}
