using static TorchSharp.torch;

namespace Dsch.Components;

/// <summary>
/// What one fused EM pass (<see cref="FusedEmPass"/>) collects over the points: the mean log-likelihood of the
/// parameters it ran with, and the responsibility-weighted sums the next M-step needs. Owns its tensors.
/// </summary>
/// <param name="MeanLogLikelihood">(1/N) Σ_n log Σ_k π_k 𝒩(x_n | k).</param>
/// <param name="Counts">Σ_n r_nk (m).</param>
/// <param name="Linear">Σ_n r_nk x_n (m, L), centred points.</param>
/// <param name="Quadratic">Σ_n r_nk q(x_n) (m, Q), see <see cref="MixtureDesign"/>.</param>
internal sealed record MixtureSums(double MeanLogLikelihood, Tensor Counts, Tensor Linear, Tensor Quadratic) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        Counts.Dispose();
        Linear.Dispose();
        Quadratic.Dispose();
    }
}
