using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Baselines;

/// <summary>
/// Iterative quantisation (ITQ; Gong &amp; Lazebnik, CVPR 2011): PCA to L dimensions, V = (X − μ)·W_PCA,
/// then an orthogonal rotation R minimising the quantisation loss ‖B − V·R‖²_F with B = sign(V·R),
/// by alternating the B-step and the orthogonal Procrustes R-step. h(x) = sign((x − μ)·W_PCA·R).
/// </summary>
/// <remarks>
/// R starts as the left singular vectors of a seeded Gaussian (L, L) matrix (a random orthogonal
/// matrix, as in the authors' code). R-step: with C = Bᵀ·V = U·Σ·Ŭᵀ (SVD), R = Ŭ·Uᵀ maximises tr(Bᵀ·V·R).
/// Both steps minimise the same loss, so <see cref="QuantizationLoss"/> is non-increasing.
/// float64 TorchSharp on the CPU; same seed → identical codes.
/// </remarks>
public sealed class ItqHasher : Hasher
{
    readonly LinearProjection _projection;

    ItqHasher(LinearProjection projection, IReadOnlyList<double> loss)
    {
        _projection = projection;
        QuantizationLoss = loss;
    }

    /// <summary>Rotation iterations of the paper (50).</summary>
    public const int DefaultIterations = 50;

    /// <inheritdoc/>
    public override string Method => "itq";

    /// <inheritdoc/>
    public override int Bits => _projection.Outputs;

    /// <summary>‖B − V·R‖²_F on the training set: entry t with the rotation after t R-steps (iterations + 1 values).</summary>
    public IReadOnlyList<double> QuantizationLoss { get; }

    /// <summary>Fits PCA and the rotation on <paramref name="train"/> (bits ≤ D).</summary>
    public static ItqHasher Fit(FeatureMatrix train, int bits, int seed, int iterations = DefaultIterations)
    {
        if (iterations < 0) throw new ArgumentException($"iterations must be ≥ 0, got {iterations}");
        var pca = PrincipalComponents.Fit(train, bits, out _);
        int l = bits;
        var loss = new List<double>();
        using var outer = NewDisposeScope();
        var v = tensor(pca.Apply(train), train.Rows, l);                                    // (N, L)
        var (u0, _, _) = linalg.svd(tensor(new GaussianSampler(seed).Next(l * l), l, l)); // (L, L)
        var rotation = u0;
        for (int t = 0; t <= iterations; t++)
        {
            using var scope = NewDisposeScope();
            var z = v.matmul(rotation);                                  // (N, L)
            var b = where(z.ge(Zero), 1.0, -1.0);                                   // B-step, sign(0) = +1
            loss.Add((b - z).pow(Two).sum().item<double>());
            if (t == iterations) break;
            var (u, _, vh) = linalg.svd(b.T.matmul(v), fullMatrices: false); // C = Bᵀ·V (L, L)
            rotation = vh.T.matmul(u.T).MoveToOuterDisposeScope();       // R-step
        }
        var r = rotation.contiguous().data<double>().ToArray();
        var combined = new double[pca.Inputs * l];                       // W_PCA·R (D, L)
        for (int d = 0; d < pca.Inputs; d++)
            for (int j = 0; j < l; j++)
            {
                double sum = 0;
                for (int k = 0; k < l; k++) sum += pca.Matrix[d * l + k] * r[k * l + j];
                combined[d * l + j] = sum;
            }
        return new ItqHasher(new LinearProjection(pca.Mean, combined, l), loss);
    }

    /// <inheritdoc/>
    public override double[] Project(FeatureMatrix features) => _projection.Apply(features);
}
