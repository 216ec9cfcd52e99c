using Dsch.Training;
using static TorchSharp.torch;
using static Dsch.Tests.Baselines.BaselineReferenceValues;
using static Dsch.Tests.Baselines.ReferenceTensors;

namespace Dsch.Tests.Baselines;

/// <summary>Unsupervised GreedyHash's sign layer and loss against tools/baseline_reference_values.py (PyTorch, float64).</summary>
public class GreedyHashLossTests
{
    [Fact]
    public void Terms_AndGradients_MatchThePyTorchReference()
    {
        using var scope = NewDisposeScope();
        var h = Of(H, Bits, grad: true);
        var (total, similarity, quantisation) = GreedyHashMethod.Compute(h, Of(X, FeatureDims), alpha: 0.1);
        Close(GreedySimilarity, similarity, 1e-12);
        Close(GreedyQuantisation, quantisation, 1e-12);
        Close(GreedyTotal, total, 1e-12);
        Close(GreedyGradTotalWrtH, Gradient(total, h));
        Close(GreedyGradSimilarityWrtH, Gradient(similarity, h));
        Close(GreedyGradQuantisationWrtH, Gradient(quantisation, h));
    }

    [Fact]
    public void StraightThroughSign_GivesTheCodes_AndPassesTheUpstreamGradientUnchanged()
    {
        using var scope = NewDisposeScope();
        var h = Of(H, Bits, grad: true);
        var b = BinaryLayers.StraightThroughSign(h);
        Close(GreedyCodes, b, 0);
        Close(G, Gradient(b.mul(Of(G, Bits)).sum(), h), 0);
    }

    [Fact]
    public void SignOfZero_IsPlusOne()
    {
        using var scope = NewDisposeScope();
        Close([1.0, -1.0, 1.0], BinaryLayers.SignOf(tensor(new[] { 0.0, -0.5, 0.5 })), 0);
    }

    [Fact]
    public void Method_NamesItsTerms_AsTheTotalsParts()
    {
        using var scope = NewDisposeScope();
        var result = new GreedyHashMethod().Loss(new MethodBatch(Of(H, Bits, grad: true), null, null, 0, 0, Of(X, FeatureDims)));
        Assert.Equal([GreedyHashMethod.SimilarityTerm, GreedyHashMethod.QuantisationTerm], result.Terms.Select(t => t.Key));
        Close(GreedyTotal, result.Total, 1e-12);
    }

    [Fact]
    public void OddRowCount_IsRejected_BecauseRowsArePairedByHalves()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<InvalidInputException>(() => PairCosineLoss.Compute(zeros(5, 8), zeros(5, 3)));
        Assert.Contains("even", e.Message);
    }
}
