using Dsch.Components;
using Dsch.Data;

namespace Dsch.Training;

/// <summary>
/// Measures the purity of an E-step's components against the training images' labels, for reporting only.
/// </summary>
/// <remarks>
/// [decision] The labels stay inside this class: the trainer is handed a probe, never a <see cref="LabelMatrix"/>,
/// and the probe returns two numbers — so no training step can read a label. Purity of a partition is
/// <c>Σ_c max_y |{i ∈ c : i carries y}| / N</c> under hard assignment (argmax of P1; coarse = the fine component's
/// coarse one); with multi-hot labels an image counts for each label it carries.
/// </remarks>
public sealed class PurityProbe(LabelMatrix trainLabels)
{
    /// <summary>Fine and coarse purity in [0, 1] for the given hard assignments.</summary>
    public (double Fine, double Coarse) Measure(IReadOnlyList<long> fineOf, IReadOnlyList<long> coarseOf)
    {
        if (fineOf.Count != trainLabels.Count)
            throw new ArgumentException($"{fineOf.Count} assignments for {trainLabels.Count} labelled training images");
        return (Of(fineOf), Of(coarseOf));
    }

    double Of(IReadOnlyList<long> componentOf)
    {
        var counts = new Dictionary<long, int[]>();
        for (int i = 0; i < componentOf.Count; i++)
        {
            if (!counts.TryGetValue(componentOf[i], out var row)) counts[componentOf[i]] = row = new int[trainLabels.Classes];
            var labels = trainLabels.Row(i);
            for (int y = 0; y < labels.Length; y++) row[y] += labels[y];
        }
        return componentOf.Count == 0 ? double.NaN : counts.Values.Sum(row => (double)row.Max()) / componentOf.Count;
    }
}
