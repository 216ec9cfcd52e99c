using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Training;

/// <summary>
/// The similarity-preserving loss of BiHalf and unsupervised GreedyHash: row r of the n rows given is paired with
/// row r + n/2, and the cosine of their codes is pulled to the cosine of their features,
/// <c>L = (2/n) Σ_{r &lt; n/2} (cos(b_r, b_{r+n/2}) − cos(x_r, x_{r+n/2}))²</c>. Pure.
/// </summary>
/// <remarks>[official: liyunqianggyn/Deep-Unsupervised-Image-Hashing@1cd671a ImageHashing/Cifar10_I.py;
/// ssppp/GreedyHash@e5089b2 unsupervised_vgg.py (<c>F.mse_loss</c> of the two cosine vectors)]. The features are the
/// target: no gradient reaches them (the sources' backbone is frozen; SDC and FIRe detach them). [decision]</remarks>
public static class PairCosineLoss
{
    /// <summary>Codes <paramref name="b"/> (n, L) against features <paramref name="x"/> (n, D), n even; a scalar.</summary>
    public static Tensor Compute(Tensor b, Tensor x)
    {
        if (b.dim() != 2 || x.dim() != 2 || b.shape[0] != x.shape[0])
            throw new InvalidInputException($"pair-cosine loss: codes ({string.Join(", ", b.shape)}) and features ({string.Join(", ", x.shape)}) must be (n, L) and (n, D)");
        if (b.shape[0] % 2 != 0)
            throw new InvalidInputException($"pair-cosine loss: pairs row r with row r + n/2, so n must be even, got {b.shape[0]}");
        long half = b.shape[0] / 2;
        var codeCos = Cosines(b, half);                                                     // (n/2)
        var featureCos = Cosines(x.detach().to(b.dtype), half);                             // (n/2)
        return codeCos.sub(featureCos).pow(Two).mean();
    }

    /// <summary>cos(v_r, v_{r+half}) for r &lt; half: (n, ·) → (half).</summary>
    public static Tensor Cosines(Tensor v, long half) =>
        nn.functional.cosine_similarity(v.narrow(0, 0, half), v.narrow(0, half, half), 1, 1e-8);
}
