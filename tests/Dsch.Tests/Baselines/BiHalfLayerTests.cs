using Dsch.Training;
using static TorchSharp.torch;
using static Dsch.Tests.Baselines.BaselineReferenceValues;
using static Dsch.Tests.Baselines.ReferenceTensors;

namespace Dsch.Tests.Baselines;

/// <summary>BiHalf's half-half layer and pair-cosine loss against tools/baseline_reference_values.py (PyTorch, float64).</summary>
public class BiHalfLayerTests
{
    [Fact]
    public void HalfHalfCodes_AndPairCosines_MatchThePyTorchReference()
    {
        using var scope = NewDisposeScope();
        var u = Of(H, Bits, grad: true);
        var (codes, penalty) = BinaryLayers.HalfHalf(u, gamma: 6);
        Close(BiHalfCodes, codes, 0);
        Close(0.0, penalty, 0);
        Close(BiHalfCodeCosines, PairCosineLoss.Cosines(codes, Rows / 2), 1e-12);
        Close(FeatureCosines, PairCosineLoss.Cosines(Of(X, FeatureDims), Rows / 2), 1e-12);
    }

    [Fact]
    public void EveryBit_IsHalfPlusHalfMinus_OverTheRows()
    {
        using var scope = NewDisposeScope();
        var (codes, _) = BinaryLayers.HalfHalf(Of(H, Bits), gamma: 6);
        Close(Enumerable.Repeat(0.0, Bits).ToArray(), codes.sum(dim: 0, keepdim: false), 0);
    }

    [Fact]
    public void Loss_AndItsGradient_IncludeTheGammaPenalty_AsTheReference()
    {
        using var scope = NewDisposeScope();
        var u = Of(H, Bits, grad: true);
        var result = new BiHalfMethod().Loss(new MethodBatch(u, null, null, 0, 0, Of(X, FeatureDims)));
        Close(BiHalfLoss, result.Total, 1e-12);
        Close(BiHalfLoss, result.Terms.Single(t => t.Key == BiHalfMethod.SimilarityTerm).Value, 1e-12);
        Close(BiHalfGradLossWrtU, Gradient(result.Total, u));
    }

    [Fact]
    public void Backward_OfAnUpstreamGradient_AddsGammaTimesUMinusBOverNL()
    {
        using var scope = NewDisposeScope();
        var u = Of(H, Bits, grad: true);
        var (codes, penalty) = BinaryLayers.HalfHalf(u, gamma: 6);
        var pushed = codes.mul(Of(G, Bits)).sum().add(penalty, Dsch.Runtime.Scalars.One);
        Close(BiHalfGradUFromG, Gradient(pushed, u));
    }

    [Fact]
    public void Loss_WithoutFeatures_SaysWhatIsMissing()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<InvalidInputException>(() => new BiHalfMethod().Loss(new MethodBatch(Of(H, Bits, grad: true), null, null, 0, 0)));
        Assert.Contains("features", e.Message);
    }
}
