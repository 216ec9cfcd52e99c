using Dsch.Components;
using static TorchSharp.torch;

namespace Dsch.Training;

/// <summary>
/// A method made of functions, as a notebook cell writes one (<see cref="HashingMethods.FromLoss"/>): a batch loss and
/// an optional E-step; without an E-step the loss gets no components.
/// </summary>
sealed class LossMethod(string name, Func<MethodBatch, MethodTerms> loss,
    Func<Tensor, long, Device, ComponentStructure>? eStep, MateOptions? mates) : IHashingMethod
{
    public string Name => name;

    public MateOptions Mates => mates ?? MateOptions.Default;

    public bool NeedsComponents(int epoch) => eStep is not null || Mates.NeedsComponents;

    public ComponentStructure Discover(Tensor H, long seed, Device device) =>
        eStep is null ? throw new InvalidOperationException($"method '{name}' has no E-step") : eStep(H, seed, device);

    public MethodTerms Loss(MethodBatch batch) => loss(batch);
}
