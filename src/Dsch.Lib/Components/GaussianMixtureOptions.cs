namespace Dsch.Components;

/// <summary>
/// Settings of <see cref="GaussianMixture"/>. Defaults are scikit-learn 1.2's <c>GaussianMixture</c>
/// defaults, which the authors' scripts use unchanged <b>[official]</b>.
/// </summary>
/// <param name="Components">m, the number of Gaussian components (1 ≤ m ≤ N).</param>
/// <param name="Covariance">Full (default, scikit-learn <c>covariance_type="full"</c>) or diagonal covariances.</param>
/// <param name="RegCovar">Added to every covariance diagonal, default 1e-6 <b>[scikit-learn]</b>.</param>
/// <param name="MaxIter">At most this many EM iterations, default 100 <b>[scikit-learn]</b>.</param>
/// <param name="Tol">EM stops when the mean log-likelihood changes by less than this between two
/// iterations (<c>|Δ| &lt; tol</c>), default 1e-3 <b>[scikit-learn]</b>.</param>
public sealed record GaussianMixtureOptions(
    int Components,
    CovarianceType Covariance = CovarianceType.Full,
    double RegCovar = 1e-6,
    int MaxIter = 100,
    double Tol = 1e-3)
{
    /// <summary>
    /// Optional starting parameters; when set, the k-means initialisation is skipped (the analogue of
    /// scikit-learn's <c>weights_init</c>, <c>means_init</c>, <c>precisions_init</c> given together).
    /// The fit does not take ownership.
    /// </summary>
    public MixtureParameters? Initial { get; init; }

    /// <summary>Throws <see cref="InvalidInputException"/> naming the option when a value is out of range.</summary>
    public void Validate(long N, long L)
    {
        if (Components < 1) throw new InvalidInputException($"--m1: {Components} components; must be at least 1");
        if (Components > N)
            throw new InvalidInputException($"--m1: {Components} components exceed the number of codes N = {N} (m1 must be ≤ N)");
        if (!(RegCovar >= 0) || double.IsInfinity(RegCovar)) throw new InvalidInputException($"reg_covar: {RegCovar} must be a finite number ≥ 0");
        if (MaxIter < 1) throw new InvalidInputException($"--max-iter: {MaxIter} must be at least 1");
        if (!(Tol >= 0) || double.IsInfinity(Tol)) throw new InvalidInputException($"--tol: {Tol} must be a finite number ≥ 0");
        Initial?.Validate(Components, L, Covariance);
    }
}
