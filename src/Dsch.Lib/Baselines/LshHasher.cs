namespace Dsch.Baselines;

/// <summary>
/// Locality-sensitive hashing with random hyperplanes (Charikar 2002; the "LSH" row of hashing
/// papers): h(x) = sign((x − μ)·W) with W (D, L) i.i.d. N(0, 1) from the seed.
/// </summary>
/// <remarks>
/// Centring on the training mean μ is our decision (as in common baseline implementations): without it,
/// features that are all positive (ReLU outputs) put most hyperplanes on one side of the data and
/// many bits become constant.
/// </remarks>
public sealed class LshHasher : Hasher
{
    readonly LinearProjection _projection;

    LshHasher(LinearProjection projection) => _projection = projection;

    /// <inheritdoc/>
    public override string Method => "lsh";

    /// <inheritdoc/>
    public override int Bits => _projection.Outputs;

    /// <summary>Draws the hyperplanes from <paramref name="seed"/> and takes μ from <paramref name="train"/>.</summary>
    public static LshHasher Fit(FeatureMatrix train, int bits, int seed)
    {
        if (bits < 1) throw new ArgumentException($"bits must be ≥ 1, got {bits}");
        var w = new GaussianSampler(seed).Next(train.Columns * bits); // (D, L)
        return new LshHasher(new LinearProjection(LinearProjection.ColumnMeans(train), w, bits));
    }

    /// <inheritdoc/>
    public override double[] Project(FeatureMatrix features) => _projection.Apply(features);
}
