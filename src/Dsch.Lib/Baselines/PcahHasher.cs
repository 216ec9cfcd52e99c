namespace Dsch.Baselines;

/// <summary>
/// PCA hashing (PCAH; Wang, Kumar &amp; Chang 2010/2012, the baseline in Gong &amp; Lazebnik 2011):
/// h(x) = sign((x − μ)·W_PCA) with W_PCA the L leading principal directions. Deterministic (no seed).
/// </summary>
public sealed class PcahHasher : Hasher
{
    readonly LinearProjection _projection;

    PcahHasher(LinearProjection projection) => _projection = projection;

    /// <inheritdoc/>
    public override string Method => "pcah";

    /// <inheritdoc/>
    public override int Bits => _projection.Outputs;

    /// <summary>PCA of <paramref name="train"/> to <paramref name="bits"/> ≤ D dimensions.</summary>
    public static PcahHasher Fit(FeatureMatrix train, int bits) => new(PrincipalComponents.Fit(train, bits, out _));

    /// <inheritdoc/>
    public override double[] Project(FeatureMatrix features) => _projection.Apply(features);
}
