using Dsch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Backbones;

/// <summary>
/// Seeded truncated-normal initialisation: values from N(mean, std²) restricted to [mean − 2 std, mean + 2 std],
/// as TensorFlow's <c>truncated_normal</c> (used by the official DSCH scripts).
/// </summary>
/// <remarks>
/// Inverse-CDF sampling in float64: u ~ U(Φ(−2), Φ(2)), x = mean + std·√2·erfinv(2u − 1). Written here
/// because TorchSharp 0.107's <c>nn.init.trunc_normal_</c> ignores its generator argument (so it cannot be
/// seeded per layer) [decision].
/// </remarks>
public static class TruncatedNormal
{
    /// <summary>Fills <paramref name="tensor"/> in place from the truncated normal, drawing from <paramref name="generator"/>.</summary>
    public static void Fill(Tensor tensor, double mean, double std, Generator generator)
    {
        if (!(std > 0)) throw new InvalidInputException($"truncated normal: std must be positive, got {std}");
        using var scope = NewDisposeScope();
        double low = NormalCdf(-2), high = NormalCdf(2);
        // Scalars held by `using` so the GC cannot finalise one while libtorch reads it.
        using Scalar width = (high - low).ToScalar(), start = low.ToScalar(), two = 2.0.ToScalar(), one = 1.0.ToScalar();
        using Scalar scale = (std * Math.Sqrt(2)).ToScalar(), centre = mean.ToScalar();
        using Scalar lowest = (mean - 2 * std).ToScalar(), highest = (mean + 2 * std).ToScalar();
        var u = rand(tensor.shape, dtype: ScalarType.Float64, generator: generator).mul(width).add(start, Scalars.One);   // U(Φ(−2), Φ(2))
        var x = special.erfinv(u.mul(two).sub(one)).mul(scale).add(centre, Scalars.One).clamp(lowest, highest);
        using var noGrad = torch.no_grad();
        tensor.copy_(x.to(tensor.dtype, tensor.device));
    }

    static double NormalCdf(double z) => 0.5 * (1 + Erf(z / Math.Sqrt(2)));

    // Abramowitz–Stegun 7.1.26 is too coarse for the bounds; use the series, exact to double precision for |x| ≤ 2.
    static double Erf(double x)
    {
        double sum = 0, term = x;
        for (int n = 0; n < 200; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
