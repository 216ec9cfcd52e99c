using static TorchSharp.torch;

namespace Dsch.Components;

/// <summary>
/// Result of <see cref="GaussianMixture.Fit"/>: the fitted <see cref="Model"/>, the posteriors of
/// the training points under it, and how EM went. Owns its tensors; dispose it.
/// </summary>
public sealed class GaussianMixtureFit : IDisposable
{
    internal GaussianMixtureFit(GaussianMixtureModel model, Tensor posteriors, double meanLogLikelihood,
        IReadOnlyList<double> history, bool converged)
    {
        Model = model;
        Posteriors = posteriors;
        MeanLogLikelihood = meanLogLikelihood;
        LogLikelihoodHistory = history;
        Converged = converged;
    }

    /// <summary>The fitted mixture (weights, means, covariances) after the last M-step.</summary>
    public GaussianMixtureModel Model { get; }

    /// <summary>p(k | x_n) of the training points under <see cref="Model"/>, (N, m), float64.</summary>
    public Tensor Posteriors { get; }

    /// <summary>Mean log-likelihood of the training points under the final model (scikit-learn's <c>score(X)</c>).</summary>
    public double MeanLogLikelihood { get; }

    /// <summary>
    /// The mean log-likelihood computed in each EM iteration's E-step, i.e. of the parameters
    /// before that iteration's M-step (scikit-learn's <c>lower_bound_</c> sequence); EM guarantees
    /// it never decreases (up to rounding).
    /// </summary>
    public IReadOnlyList<double> LogLikelihoodHistory { get; }

    /// <summary>EM iterations run (scikit-learn's <c>n_iter_</c>).</summary>
    public int Iterations => LogLikelihoodHistory.Count;

    /// <summary>True when the last change was below the tolerance before <c>MaxIter</c> was reached.</summary>
    public bool Converged { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Model.Dispose();
        Posteriors.Dispose();
    }
}
