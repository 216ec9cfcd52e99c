using Dsch.Components;
using Dsch.Data;

namespace Dsch.Training;

/// <summary>
/// Measures the purity of an E-step's components against the training images' labels, for reporting only.
/// </summary>
/// <remarks>
/// [decision] The labels stay inside this class: the trainer is handed a probe, never a <see cref="LabelMatrix"/>,
/// and the probe returns two numbers — so no training step can read a label. The purity is the one definition of
/// <see cref="ComponentPurity"/>, under hard assignment (argmax of P1; coarse = the fine component's coarse one).
/// </remarks>
public sealed class PurityProbe(LabelMatrix trainLabels)
{
    /// <summary>Fine and coarse purity in [0, 1] for the given hard assignments.</summary>
    public (double Fine, double Coarse) Measure(IReadOnlyList<long> fineOf, IReadOnlyList<long> coarseOf)
    {
        if (fineOf.Count != trainLabels.Count)
            throw new ArgumentException($"{fineOf.Count} assignments for {trainLabels.Count} labelled training images");
        return (ComponentPurity.Of(fineOf, trainLabels), ComponentPurity.Of(coarseOf, trainLabels));
    }
}
