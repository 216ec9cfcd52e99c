namespace Dsch.Baselines;

/// <summary>
/// Spectral hashing (SH; Weiss, Torralba &amp; Fergus, NIPS 2008). PCA to k = min(L, D) dimensions;
/// assume the data uniform on the box [mn, mx] of the projected training data; the Laplacian
/// eigenfunctions of a 1-D uniform interval of width R_d are cos(m·π·(y − mn_d)/R_d) with eigenvalue
/// growing as (m/R_d)². Keep the L modes (d, m), m ≥ 1, with the smallest eigenvalues; bit i is
/// sign(sin(π/2 + m_i·π·(y_{d_i} − mn_{d_i})/R_{d_i})).
/// </summary>
/// <remarks>
/// Follows the algorithm of the paper (single-dimension eigenfunctions, m = 1…⌈(L+1)·R_d / max R⌉
/// candidates per dimension, the constant mode dropped). Our decisions: modes of equal eigenvalue
/// are ordered by dimension then m (stable), the box is widened by 1e-10 on each side, and a value of
/// exactly 0 maps to +1 like every other code here. Deterministic (no seed).
/// </remarks>
public sealed class SpectralHasher : Hasher
{
    readonly LinearProjection _pca;
    readonly double[] _min, _range;
    readonly (int Dimension, int Mode)[] _modes;

    SpectralHasher(LinearProjection pca, double[] min, double[] range, (int, int)[] modes)
    {
        _pca = pca;
        _min = min;
        _range = range;
        _modes = modes;
    }

    /// <inheritdoc/>
    public override string Method => "sh";

    /// <inheritdoc/>
    public override int Bits => _modes.Length;

    /// <summary>The chosen eigenfunctions: PCA dimension and mode number m ≥ 1, by increasing eigenvalue.</summary>
    public IReadOnlyList<(int Dimension, int Mode)> Modes => _modes;

    /// <summary>Fits PCA, the bounding box and the mode selection on <paramref name="train"/>.</summary>
    public static SpectralHasher Fit(FeatureMatrix train, int bits)
    {
        if (bits < 1) throw new ArgumentException($"bits must be ≥ 1, got {bits}");
        int k = Math.Min(bits, train.Columns);
        var pca = PrincipalComponents.Fit(train, k, out _);
        var y = pca.Apply(train);                                            // (N, k)
        var min = Enumerable.Repeat(double.PositiveInfinity, k).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, k).ToArray();
        for (int i = 0; i < train.Rows; i++)
            for (int d = 0; d < k; d++)
            {
                min[d] = Math.Min(min[d], y[i * k + d]);
                max[d] = Math.Max(max[d], y[i * k + d]);
            }
        var range = new double[k];
        for (int d = 0; d < k; d++)
        {
            min[d] -= 1e-10;
            range[d] = max[d] + 1e-10 - min[d];
        }
        double widest = range.Max();
        var candidates = new List<(double Eigenvalue, int Dimension, int Mode)>();
        for (int d = 0; d < k; d++)
        {
            int maxMode = (int)Math.Ceiling((bits + 1) * range[d] / widest);
            for (int m = 1; m <= maxMode; m++) candidates.Add((Math.Pow(m * Math.PI / range[d], 2), d, m));
        }
        var modes = candidates.OrderBy(c => c.Eigenvalue).ThenBy(c => c.Dimension).ThenBy(c => c.Mode)
            .Take(bits).Select(c => (c.Dimension, c.Mode)).ToArray();
        if (modes.Length < bits) throw new ArgumentException($"only {modes.Length} eigenfunctions available for {bits} bits");
        return new SpectralHasher(pca, min, range, modes);
    }

    /// <inheritdoc/>
    public override double[] Project(FeatureMatrix features)
    {
        var y = _pca.Apply(features);                                        // (N, k)
        int k = _pca.Outputs, l = _modes.Length;
        var u = new double[features.Rows * l];                               // (N, L)
        for (int i = 0; i < features.Rows; i++)
            for (int b = 0; b < l; b++)
            {
                var (d, m) = _modes[b];
                double omega = m * Math.PI / _range[d];
                u[i * l + b] = Math.Sin(Math.PI / 2 + omega * (y[i * k + d] - _min[d]));
            }
        return u;
    }
}
