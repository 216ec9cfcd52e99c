namespace Dsch.Components;

/// <summary>Shape of each Gaussian component's covariance.</summary>
public enum CovarianceType
{
    /// <summary>A full L×L covariance per component (scikit-learn <c>"full"</c>; the official setting).</summary>
    Full,
    /// <summary>A diagonal covariance per component (scikit-learn <c>"diag"</c>; an ablation).</summary>
    Diagonal,
}
