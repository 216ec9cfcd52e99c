namespace Dsch.Components;

/// <summary>Shape of each Gaussian component's covariance.</summary>
public enum CovarianceType
{
    /// <summary>A full L×L covariance per component (scikit-learn <c>"full"</c>; the official setting).</summary>
    Full,
    /// <summary>A diagonal covariance per component (scikit-learn <c>"diag"</c>; an ablation).</summary>
    Diagonal,
}

/// <summary>The one spelling of <see cref="CovarianceType"/> on command lines and in grid items.</summary>
public static class CovarianceTypes
{
    /// <summary>
    /// <c>full</c> or <c>diag</c> (also <c>diagonal</c>, any case); otherwise an <see cref="InvalidInputException"/> that
    /// starts with <paramref name="source"/> (the option or grid the text came from).
    /// </summary>
    public static CovarianceType Parse(string text, string source) => text.Trim().ToLowerInvariant() switch
    {
        "full" => CovarianceType.Full,
        "diag" or "diagonal" => CovarianceType.Diagonal,
        _ => throw new InvalidInputException($"{source}: '{text}' is not full or diag"),
    };
}
