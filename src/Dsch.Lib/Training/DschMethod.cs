using Dsch.Components;
using static TorchSharp.torch;

namespace Dsch.Training;

/// <summary>
/// DSCH as a <see cref="IHashingMethod"/> (docs/method.md): the E-step of <see cref="EStep.Discover"/> and the loss
/// <c>L_ic + λ (L_cc^f + L_cc^c)</c> of <see cref="DschLoss.Compute"/>; during a warm-up epoch the loss is the
/// contrastive baseline's (λ = 0, S = I). Every switch of <c>ablate</c>/<c>train</c> is a change of its options.
/// </summary>
/// <param name="Name">Name in messages (<c>dsch</c>, or an ablation item).</param>
/// <param name="LossSettings">τ, λ and the term switches.</param>
/// <param name="Components">E-step settings (m1, m2, covariance, posterior normalisation).</param>
/// <param name="Readings">Mate-meeting readings, including the warm-up.</param>
public sealed record DschMethod(string Name, LossOptions LossSettings, ComponentOptions Components, MateOptions Readings) : IHashingMethod
{
    /// <inheritdoc/>
    public MateOptions Mates => Readings;

    /// <summary>The E-step runs every epoch, warm-up included, when a term or a reading uses the components.</summary>
    public bool NeedsComponents(int epoch) => LossSettings.NeedsComponents || Readings.NeedsComponents;

    /// <inheritdoc/>
    public ComponentStructure Discover(Tensor H, long seed, Device device) => EStep.Discover(H, Components, seed, device);

    /// <inheritdoc/>
    public MethodTerms Loss(MethodBatch batch) =>
        MethodTerms.From(DschLoss.Compute(batch.H, batch.Components, LossIn(batch.Epoch), batch.Memory));

    /// <summary>The loss of an epoch: the run's, or during the warm-up the contrastive baseline's (λ = 0, S = I).</summary>
    public LossOptions LossIn(int epoch) =>
        Readings.ComponentsOnIn(epoch) ? LossSettings : LossSettings with { Lambda = 0, Cooccurrence = false };
}
