using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Backbones;

/// <summary>
/// The DSCH hash head: <c>h = tanh(W2 (W1 x + b1) + b2)</c> with <c>W1: D → 1000</c> (no activation) and
/// <c>W2: 1000 → L</c>; maps features (N, D) to continuous codes h ∈ (−1, 1)^L, shape (N, L).
/// </summary>
/// <remarks>
/// [official] Layer sizes, the missing activation between the layers and the initialisation — every weight
/// and bias from a normal with std 0.001 truncated at two standard deviations (TensorFlow's
/// <c>truncated_normal</c>) — follow the authors' scripts. The initialisation is seeded here [decision].
/// Usable alone: in the frozen-features mode only this head is trained, on cached backbone features.
/// </remarks>
public sealed class HashHead : nn.Module<Tensor, Tensor>
{
    /// <summary>Width of the hidden layer.</summary>
    public const int HiddenWidth = 1000;

    /// <summary>Standard deviation of the truncated-normal initialisation.</summary>
    public const double InitStd = 0.001;

    private readonly Linear fc1;
    private readonly Linear fc2;

    /// <summary>A head from <paramref name="featureDimension"/> (D) to <paramref name="bits"/> (L), initialised with <paramref name="seed"/>.</summary>
    public HashHead(int featureDimension, int bits, long seed) : base(nameof(HashHead))
    {
        if (featureDimension < 1) throw new InvalidInputException($"hash head: feature dimension must be positive, got {featureDimension}");
        if (bits < 1) throw new InvalidInputException($"hash head: code length L must be positive, got {bits}");
        FeatureDimension = featureDimension;
        Bits = bits;
        fc1 = nn.Linear(featureDimension, HiddenWidth);
        fc2 = nn.Linear(HiddenWidth, bits);
        RegisterComponents();
        using var generator = new Generator((ulong)seed);
        foreach (var parameter in parameters()) TruncatedNormal.Fill(parameter, 0, InitStd, generator);
    }

    /// <summary>D, the input feature length.</summary>
    public int FeatureDimension { get; }

    /// <summary>L, the code length in bits.</summary>
    public int Bits { get; }

    /// <summary>(N, D) features → (N, L) continuous codes in (−1, 1).</summary>
    public override Tensor forward(Tensor features)
    {
        if (features.dim() != 2 || features.shape[1] != FeatureDimension)
            throw new InvalidInputException($"hash head: expected features of shape (N, {FeatureDimension}), got ({string.Join(", ", features.shape)})");
        using var scope = NewDisposeScope();
        return fc2.forward(fc1.forward(features)).tanh().MoveToOuterDisposeScope();   // (N, L)
    }

    /// <summary>
    /// The same codes for inference on many rows: with no activation between the layers they compose to one,
    /// <c>h = tanh(W x + b)</c> with <c>W = W2 W1</c> (L, D) and <c>b = W2 b1 + b2</c>, folded in float64 once per call.
    /// Encoding the 69,000 database features then costs D·L instead of D·1000 + 1000·L multiply-adds a row
    /// (≈ 15× fewer at L = 64). Agrees with <see cref="forward"/> to float32 rounding (≈ 1e-7); no gradients.
    /// </summary>
    public Tensor EncodeFolded(Tensor features, int chunkRows = 8192)
    {
        if (features.dim() != 2 || features.shape[1] != FeatureDimension)
            throw new InvalidInputException($"hash head: expected features of shape (N, {FeatureDimension}), got ({string.Join(", ", features.shape)})");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var device = fc1.weight!.device;
        // One thread: a BLAS may split a product's sums across threads by the machine's load (with few rows or
        // L columns it does), and the codes of one seed must not depend on what else runs. ≈ 0.1 s for 69,000 rows.
        using var single = Runtime.IntraOpThreads.Single(device);
        var w2 = fc2.weight!.to(ScalarType.Float64);                                    // (L, 1000)
        var weight = w2.matmul(fc1.weight!.to(ScalarType.Float64)).to(ScalarType.Float32); // (L, D)
        var bias = w2.matmul(fc1.bias!.to(ScalarType.Float64)).add(fc2.bias!.to(ScalarType.Float64), One).to(ScalarType.Float32); // (L)
        var parts = new List<Tensor>();
        for (long start = 0; start < features.shape[0]; start += chunkRows)
        {
            var rows = features.narrow(0, start, Math.Min(chunkRows, features.shape[0] - start)).to(ScalarType.Float32, device); // (n, D)
            parts.Add(nn.functional.linear(rows, weight, bias).tanh_());                // (n, L)
        }
        return cat(parts, 0).MoveToOuterDisposeScope();                                 // (N, L)
    }
}
