using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Components;

/// <summary>
/// Parameters of a Gaussian mixture with m components in L dimensions, float64: weights π (m),
/// means (m, L) and covariances — (m, L, L) for <see cref="CovarianceType.Full"/>, (m, L) variances for
/// <see cref="CovarianceType.Diagonal"/>. Used both as fitted output and as optional initial values
/// (the analogue of scikit-learn's <c>weights_init</c>/<c>means_init</c>/<c>precisions_init</c>).
/// Owns its tensors (they are not copied when it is made); dispose it.
/// </summary>
/// <param name="Weights">Mixture weights π, (m), summing to 1.</param>
/// <param name="Means">Component means, (m, L).</param>
/// <param name="Covariances">Covariances: (m, L, L) full or (m, L) diagonal, regularised (reg_covar on the diagonal).</param>
public sealed record MixtureParameters(Tensor Weights, Tensor Means, Tensor Covariances) : IDisposable
{
    /// <summary>Number of components m.</summary>
    public int Components => (int)Means.shape[0];

    /// <summary>Dimension L.</summary>
    public int Dimension => (int)Means.shape[1];

    /// <summary>Checks shapes against m, L and the covariance type; throws <see cref="InvalidInputException"/>.</summary>
    internal void Validate(int m, long L, CovarianceType covariance)
    {
        long[] covarianceShape = covariance == CovarianceType.Full ? [m, L, L] : [m, L];
        if (!Weights.shape.SequenceEqual(new long[] { m }) || !Means.shape.SequenceEqual(new long[] { m, L })
            || !Covariances.shape.SequenceEqual(covarianceShape))
            throw new InvalidInputException(
                $"initial mixture parameters: expected weights ({m}), means ({m}, {L}), covariances ({string.Join(", ", covarianceShape)}); " +
                $"got ({string.Join(", ", Weights.shape)}), ({string.Join(", ", Means.shape)}), ({string.Join(", ", Covariances.shape)})");
        using var w = Weights.to(ScalarType.Float64);
        if (w.lt(Zero).any().item<bool>() || Math.Abs(w.sum().item<double>() - 1) > 1e-6)
            throw new InvalidInputException("initial mixture parameters: weights must be ≥ 0 and sum to 1");
    }

    /// <summary>Moves the three tensors to the enclosing dispose scope; returns this.</summary>
    internal MixtureParameters MoveToOuterDisposeScope()
    {
        Weights.MoveToOuterDisposeScope();
        Means.MoveToOuterDisposeScope();
        Covariances.MoveToOuterDisposeScope();
        return this;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Weights.Dispose();
        Means.Dispose();
        Covariances.Dispose();
    }
}
