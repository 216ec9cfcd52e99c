namespace Dsch.Components;

/// <summary>
/// Settings of <see cref="KMeans"/>: k clusters, k-means++ seeding, <paramref name="Restarts"/> runs
/// keeping the lowest inertia, Lloyd iterations until the labels stop changing or the centroids
/// move less than <paramref name="Tol"/>.
/// </summary>
/// <param name="Clusters">k, the number of clusters (1 ≤ k ≤ number of points).</param>
/// <param name="Restarts">Independent k-means++ + Lloyd runs; the one with the lowest inertia wins.
/// Default 10 <b>[official: scikit-learn 1.2 <c>KMeans(n_init=10)</c>, used by the authors for the
/// coarse components]</b>. The Gaussian-mixture initialisation uses 1, as scikit-learn does.</param>
/// <param name="MaxIter">Lloyd iterations per run, default 300 <b>[scikit-learn default]</b>.</param>
/// <param name="Tol">Relative tolerance: a run stops when the summed squared centroid shift is at
/// most <c>Tol × mean per-feature variance of the points</c>, default 1e-4 <b>[scikit-learn
/// semantics and default]</b>.</param>
public sealed record KMeansOptions(int Clusters, int Restarts = 10, int MaxIter = 300, double Tol = 1e-4)
{
    /// <summary>Throws <see cref="InvalidInputException"/> naming the option when a value is out of range.</summary>
    public void Validate(long points)
    {
        if (Clusters < 1) throw new InvalidInputException($"k-means clusters: {Clusters} must be at least 1");
        if (Clusters > points)
            throw new InvalidInputException($"k-means clusters: {Clusters} exceeds the number of points ({points})");
        if (Restarts < 1) throw new InvalidInputException($"k-means restarts: {Restarts} must be at least 1");
        if (MaxIter < 1) throw new InvalidInputException($"k-means max iterations: {MaxIter} must be at least 1");
        if (!(Tol >= 0) || double.IsInfinity(Tol)) throw new InvalidInputException($"k-means tol: {Tol} must be a finite number ≥ 0");
    }
}
