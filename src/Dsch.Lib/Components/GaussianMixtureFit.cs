using static TorchSharp.torch;

namespace Dsch.Components;

/// <summary>
/// Result of <see cref="GaussianMixture.Fit"/>: the fitted <see cref="Model"/>, the posteriors of
/// the training points under it, and how EM went. Owns its tensors; dispose it.
/// </summary>
/// <param name="Model">The fitted mixture (weights, means, covariances) after the last M-step.</param>
/// <param name="Posteriors">p(k | x_n) of the training points under <paramref name="Model"/>, (N, m), float64.</param>
/// <param name="MeanLogLikelihood">Mean log-likelihood of the training points under the final model (scikit-learn's <c>score(X)</c>).</param>
/// <param name="LogLikelihoodHistory">The mean log-likelihood computed in each EM iteration's E-step, i.e. of the
/// parameters before that iteration's M-step (scikit-learn's <c>lower_bound_</c> sequence); EM guarantees it never
/// decreases (up to rounding).</param>
/// <param name="Converged">True when the last change was below the tolerance before <c>MaxIter</c> was reached.</param>
public sealed record GaussianMixtureFit(GaussianMixtureModel Model, Tensor Posteriors, double MeanLogLikelihood,
    IReadOnlyList<double> LogLikelihoodHistory, bool Converged) : IDisposable
{
    /// <summary>EM iterations run (scikit-learn's <c>n_iter_</c>).</summary>
    public int Iterations => LogLikelihoodHistory.Count;

    /// <inheritdoc />
    public void Dispose()
    {
        Model.Dispose();
        Posteriors.Dispose();
    }
}
