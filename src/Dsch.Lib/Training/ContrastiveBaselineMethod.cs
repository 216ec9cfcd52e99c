using Dsch.Components;
using static TorchSharp.torch;

namespace Dsch.Training;

/// <summary>
/// The authors' contrastive baseline as a <see cref="IHashingMethod"/>: no E-step, and plain two-view NT-Xent
/// (<see cref="LossOptions.ContrastiveBaseline"/>: L_ic with S = I, λ = 0).
/// </summary>
/// <param name="Tau">Temperature τ.</param>
public sealed record ContrastiveBaselineMethod(double Tau) : IHashingMethod
{
    /// <inheritdoc/>
    public string Name => "baseline";

    /// <inheritdoc/>
    public bool NeedsComponents(int epoch) => false;

    /// <inheritdoc/>
    public ComponentStructure Discover(Tensor H, long seed, Device device) =>
        throw new InvalidOperationException("the contrastive baseline has no E-step");

    /// <inheritdoc/>
    public MethodTerms Loss(MethodBatch batch) =>
        MethodTerms.From(DschLoss.Compute(batch.H, null, LossOptions.ContrastiveBaseline(Tau)));
}
