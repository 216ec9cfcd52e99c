using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Training;

/// <summary>
/// The binarisation layers of the deep baselines (docs/baselines.md): each maps a method's head output (n, L) to
/// codes b ∈ {−1, +1}^(n×L) in the forward pass and defines its own gradient. Pure: tensors in, tensors out.
/// </summary>
/// <remarks>
/// These layers act inside a method's training loss only; evaluation codes stay sign(h) with sign(0) = +1
/// (<see cref="Retrieval.HashCodes"/>), which is each source's test-time binarisation up to that tie rule
/// (<c>torch.sign</c> gives 0 at 0; no value is exactly 0 in practice). [decision]
/// </remarks>
public static class BinaryLayers
{
    /// <summary>
    /// sign(<paramref name="h"/>) forward (sign(0) = +1), identity backward: <c>∂L/∂h := ∂L/∂b</c>, the
    /// straight-through estimator. (n, L) → (n, L).
    /// </summary>
    /// <remarks>[official: ssppp/GreedyHash@e5089b2 unsupervised_vgg.py, <c>hash</c>; zexuanqiu/CIBHash@4c896ee
    /// model/CIBHash.py, <c>hash_layer</c>] [paper] GreedyHash: "strictly uses the sign function in forward
    /// propagation … the gradients are transmitted intactly".</remarks>
    public static Tensor StraightThroughSign(Tensor h)
    {
        var b = SignOf(h);                                                                  // (n, L)
        return b.add(h.sub(h.detach()), One);                                          // value b, gradient I
    }

    /// <summary>
    /// The bi-half layer: for each bit k the ⌊n/2⌋ largest of the n values u_{·k} become +1 and the others −1 (every
    /// bit half +1, half −1 over the rows given). Backward: <c>∂L/∂u = ∂L/∂b + γ (u − b) / (n L)</c>.
    /// Returns the codes (n, L) with the straight-through part of that gradient, and <c>Penalty</c>, a scalar of value
    /// 0 whose gradient is the γ part, to be added to the loss.
    /// </summary>
    /// <remarks>[official: liyunqianggyn/Deep-Unsupervised-Image-Hashing@1cd671a ImageHashing/Cifar10_I.py,
    /// <c>hash.forward/backward</c>, γ = 6] [paper] the penalty's gradient of a Wasserstein distance between the
    /// continuous values and the half-half distribution. The penalty as a value-0 term (P − sg P with
    /// P = γ/(2nL) ‖u − sg b‖²) is how this autograd-function's extra gradient is written without a custom backward
    /// [decision]. Ties within a bit are broken by the sort's order.</remarks>
    public static (Tensor Codes, Tensor Penalty) HalfHalf(Tensor u, double gamma)
    {
        if (u.dim() != 2 || u.shape[0] < 2)
            throw new InvalidInputException($"bi-half layer: expected (n ≥ 2, L) values, got ({string.Join(", ", u.shape)})");
        long n = u.shape[0], L = u.shape[1];
        var order = u.detach().argsort(0, descending: true);                               // (n, L) rows by value, per bit
        var top = order.narrow(0, 0, n / 2);                                                // (⌊n/2⌋, L)
        var b = full_like(u, MinusOne).detach().scatter(0, top, ones_like(top, u.dtype));       // (n, L) ±1
        var codes = b.add(u.sub(u.detach()), One);                                     // value b, gradient I
        using Scalar scale = gamma / (2.0 * n * L);
        var p = u.sub(b).pow(Two).sum().mul(scale);                                    // γ/(2nL) ‖u − b‖²
        return (codes, p.sub(p.detach()));                                             // value 0
    }

    /// <summary>sign with sign(0) = +1, in <paramref name="h"/>'s dtype, without gradient.</summary>
    public static Tensor SignOf(Tensor h) => where(h.detach().ge(Zero), 1.0, -1.0).to(h.dtype); // (n, L)
}
