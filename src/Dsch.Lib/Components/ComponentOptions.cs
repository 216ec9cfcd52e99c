using System.Text.Json.Serialization;

namespace Dsch.Components;

/// <summary>
/// Settings of the E-step (<see cref="EStep.Discover"/>): the fine Gaussian mixture (<see cref="Mixture"/>) and the
/// coarse k-means on its means. Build it with an initialiser, <c>new ComponentOptions { M1 = 1000, M2 = 100 }</c>,
/// and vary it with <c>with</c>.
/// </summary>
/// <remarks>
/// The mixture's settings have one owner, <see cref="GaussianMixtureOptions"/>, with its scikit-learn defaults:
/// <see cref="M1"/>, <see cref="Covariance"/>, <see cref="RegCovar"/>, <see cref="MaxIter"/> and <see cref="Tol"/>
/// read and set <see cref="Mixture"/>. They are the names of the configuration vocabulary (the switches <c>m1</c> and
/// <c>covariance</c>, the keys of <c>config.json</c>), beside <see cref="M2"/>; <see cref="Mixture"/> is the
/// E-step's view of them.
/// </remarks>
public sealed record ComponentOptions
{
    /// <summary>The fine level, m1 Gaussian components and their EM settings, as <see cref="EStep.Discover"/> fits it.</summary>
    [JsonIgnore]
    public GaussianMixtureOptions Mixture { get; init; } = new(Components: 1000);

    /// <summary>m1, fine components, default 1000 <b>[official]</b>; must not exceed N.</summary>
    public int M1 { get => Mixture.Components; init => Mixture = Mixture with { Components = value }; }

    /// <summary>m2, coarse components, default 100 <b>[official]</b>; must not exceed m1.</summary>
    public int M2 { get; init; } = 100;

    /// <summary>Full (default) <b>[official: scikit-learn default]</b> or diagonal (ablation).</summary>
    public CovarianceType Covariance { get => Mixture.Covariance; init => Mixture = Mixture with { Covariance = value }; }

    /// <summary>
    /// L2-normalise each row of P1 (P2 = P1·A then uses the normalised rows). Default false — the raw posteriors, as the
    /// multi-label scripts use them; the official CIFAR-10 script normalises, so single-label presets set it
    /// <b>[official; default: decision, it matches the CLI switch <c>--normalize</c>]</b>.
    /// </summary>
    public bool Normalize { get; init; }

    /// <summary>reg_covar added to covariance diagonals, default 1e-6 <b>[official: scikit-learn default]</b>.</summary>
    public double RegCovar { get => Mixture.RegCovar; init => Mixture = Mixture with { RegCovar = value }; }

    /// <summary>EM iteration cap, default 100 <b>[official: scikit-learn default]</b>.</summary>
    public int MaxIter { get => Mixture.MaxIter; init => Mixture = Mixture with { MaxIter = value }; }

    /// <summary>EM stops when the mean log-likelihood gains less than this, default 1e-3 <b>[official: scikit-learn default]</b>.</summary>
    public double Tol { get => Mixture.Tol; init => Mixture = Mixture with { Tol = value }; }

    /// <summary>k-means++ restarts for the coarse level, default 10 <b>[official: scikit-learn KMeans default]</b>.</summary>
    public int CoarseRestarts { get; init; } = 10;

    /// <summary>Throws <see cref="InvalidInputException"/> naming the option when a value is out of range for N codes of L bits.</summary>
    public void Validate(long N, long L)
    {
        Mixture.Validate(N, L);
        if (M2 < 1) throw new InvalidInputException($"--m2: {M2} components; must be at least 1");
        if (M2 > M1) throw new InvalidInputException($"--m2: {M2} coarse components exceed the {M1} fine components (m2 must be ≤ m1)");
        if (CoarseRestarts < 1) throw new InvalidInputException($"coarse restarts: {CoarseRestarts} must be at least 1");
    }
}
