namespace Dsch.Components;

/// <summary>
/// What the E-step found, for logging: sizes of the fine components under hard assignment
/// (argmax of P1 before normalisation), the mean posterior entropy (nats), and how EM went.
/// </summary>
/// <param name="FineSizes">Points whose most probable fine component is k, length m1.</param>
/// <param name="CoarseSizes">Fine components mapped to each coarse component, length m2.</param>
/// <param name="MeanPosteriorEntropy">Mean over points of −Σ_k p_k log p_k of the (unnormalised) posteriors.</param>
/// <param name="MeanLogLikelihood">Mean log-likelihood of the codes under the final mixture.</param>
/// <param name="LogLikelihoodHistory">Mean log-likelihood per EM iteration.</param>
/// <param name="Iterations">EM iterations run.</param>
/// <param name="Converged">Whether EM met the tolerance before the iteration cap.</param>
/// <param name="Seconds">Wall time of the E-step.</param>
/// <param name="MeanCoarsePosteriorEntropy">The same entropy for the coarse posteriors (unnormalised P1 · A).</param>
public sealed record ComponentStatistics(
    long[] FineSizes,
    long[] CoarseSizes,
    double MeanPosteriorEntropy,
    double MeanLogLikelihood,
    IReadOnlyList<double> LogLikelihoodHistory,
    int Iterations,
    bool Converged,
    double Seconds,
    double MeanCoarsePosteriorEntropy = double.NaN)
{
    /// <summary>Fine components no point picks as its most probable one.</summary>
    public int EmptyFineComponents => FineSizes.Count(size => size == 0);
}
