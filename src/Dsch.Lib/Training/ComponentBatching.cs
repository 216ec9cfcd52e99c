using Dsch.Components;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Training;

/// <summary>Selects what the loss needs from an E-step result for the rows of one batch.</summary>
public static class ComponentBatching
{
    /// <summary>Smallest prior used inside log π: an emptied component must not turn 0·log 0 into NaN.</summary>
    static readonly Scalar PriorFloor = 1e-12.ToScalar();

    /// <summary>
    /// The batch's posteriors (rows of P1 and P2 for the image index of each of the 2B rows) together with the
    /// binarised centres and log priors, all in float32 on the codes' device.
    /// </summary>
    public static BatchComponents ForRows(this ComponentStructure structure, Tensor imageIndices)
    {
        var rows = imageIndices.to(structure.P1.device);
        return new BatchComponents(
            structure.P1.index_select(0, rows).to(ScalarType.Float32),                  // (2B, m1)
            structure.P2.index_select(0, rows).to(ScalarType.Float32),                  // (2B, m2)
            structure.Mu1.to(ScalarType.Float32),                                       // (m1, L)
            structure.Pi1.clamp_min(PriorFloor).log().to(ScalarType.Float32),           // (m1)
            structure.Mu2.to(ScalarType.Float32),                                       // (m2, L)
            structure.Pi2.clamp_min(PriorFloor).log().to(ScalarType.Float32));          // (m2)
    }
}
