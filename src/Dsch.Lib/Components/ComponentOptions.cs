namespace Dsch.Components;

/// <summary>
/// Settings of the E-step (<see cref="EStep.Discover"/>): the fine Gaussian mixture and the coarse
/// k-means on its means.
/// </summary>
/// <param name="Fine">m1, fine components, default 1000 <b>[official]</b>; must not exceed N.</param>
/// <param name="Coarse">m2, coarse components, default 100 <b>[official]</b>; must not exceed m1.</param>
/// <param name="Covariance">Full (default) <b>[official: scikit-learn default]</b> or diagonal (ablation).</param>
/// <param name="NormalizePosteriors">L2-normalise each row of P1 (P2 = P1·A then uses the normalised
/// rows). Default false — the raw posteriors, as the multi-label scripts use them; the official
/// CIFAR-10 script normalises, so single-label presets set it <b>[official; default: decision, it
/// matches the CLI switch <c>--normalize-posteriors</c>]</b>.</param>
/// <param name="RegCovar">reg_covar added to covariance diagonals, default 1e-6 <b>[official: scikit-learn default]</b>.</param>
/// <param name="MaxIter">EM iteration cap, default 100 <b>[official: scikit-learn default]</b>.</param>
/// <param name="Tol">EM stops when the mean log-likelihood gains less than this, default 1e-3 <b>[official: scikit-learn default]</b>.</param>
/// <param name="CoarseRestarts">k-means++ restarts for the coarse level, default 10 <b>[official: scikit-learn KMeans default]</b>.</param>
public sealed record ComponentOptions(
    int Fine = 1000,
    int Coarse = 100,
    CovarianceType Covariance = CovarianceType.Full,
    bool NormalizePosteriors = false,
    double RegCovar = 1e-6,
    int MaxIter = 100,
    double Tol = 1e-3,
    int CoarseRestarts = 10)
{
    /// <summary>The Gaussian-mixture settings these options imply (derived, so not part of serialised configs).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public GaussianMixtureOptions Mixture => new(Fine, Covariance, RegCovar, MaxIter, Tol);

    /// <summary>Throws <see cref="InvalidInputException"/> naming the option when a value is out of range for N codes of L bits.</summary>
    public void Validate(long N, long L)
    {
        Mixture.Validate(N, L);
        if (Coarse < 1) throw new InvalidInputException($"--coarse: {Coarse} components; must be at least 1");
        if (Coarse > Fine) throw new InvalidInputException($"--coarse: {Coarse} coarse components exceed the {Fine} fine components (m2 must be ≤ m1)");
        if (CoarseRestarts < 1) throw new InvalidInputException($"coarse restarts: {CoarseRestarts} must be at least 1");
    }
}
