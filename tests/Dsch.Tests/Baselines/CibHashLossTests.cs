using Dsch.Training;
using static TorchSharp.torch;
using static Dsch.Tests.Baselines.BaselineReferenceValues;
using static Dsch.Tests.Baselines.ReferenceTensors;

namespace Dsch.Tests.Baselines;

/// <summary>CIBHash's binarisation and loss against tools/baseline_reference_values.py (PyTorch, float64).</summary>
public class CibHashLossTests
{
    [Fact]
    public void Codes_Terms_AndGradients_MatchThePyTorchReference()
    {
        using var scope = NewDisposeScope();
        var a = Of(H, Bits, grad: true);
        var terms = CibHashLoss.Compute(a, tau: 0.3, beta: 0.001);
        Close(CibCodes, terms.Codes, 0);
        Close(CibContrastive, terms.Contrastive, 1e-12);
        Close(CibKl, terms.Kl, 1e-12);
        Close(CibTotal, terms.Total, 1e-12);
        Close(CibGradTotalWrtLogits, Gradient(terms.Total, a));
        Close(CibGradContrastiveWrtLogits, Gradient(terms.Contrastive, a));
        Close(CibGradKlWrtLogits, Gradient(terms.Kl, a));
    }

    [Fact]
    public void StraightThroughBackward_ScalesTheUpstreamGradient_BySigmoidDerivative()
    {
        using var scope = NewDisposeScope();
        var a = Of(H, Bits, grad: true);
        var terms = CibHashLoss.Compute(a, tau: 0.3, beta: 0.001);
        var pushed = terms.Codes.mul(Of(G, Bits)).sum();
        Close(CibGradLogitsFromG, Gradient(pushed, a));
    }

    [Fact]
    public void SampledThreshold_GivesThePapersStochasticCodes_AndLoss()
    {
        using var scope = NewDisposeScope();
        var a = Of(H, Bits, grad: true);
        var terms = CibHashLoss.Compute(a, tau: 0.3, beta: 0.001, threshold: Of(U01, Bits));
        Close(CibStochasticCodes, terms.Codes, 0);
        Close(CibStochasticContrastive, terms.Contrastive, 1e-12);
        Close(CibStochasticTotal, terms.Total, 1e-12);
        Close(CibStochasticGradTotalWrtLogits, Gradient(terms.Total, a));
    }

    [Fact]
    public void Method_ReportsItsTwoNamedTerms_AndHasNoEStep()
    {
        using var scope = NewDisposeScope();
        var method = new CibHashMethod();
        var result = method.Loss(new MethodBatch(Of(H, Bits, grad: true), null, null, 0, 0));
        Assert.Equal([CibHashMethod.ContrastiveTerm, CibHashMethod.KlTerm], result.Terms.Select(t => t.Key));
        Close(CibTotal, result.Total, 1e-12);
        Assert.False(method.NeedsComponents(0));
    }

    [Fact]
    public void OddRowCount_IsRejected_NamingTheShape()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<InvalidInputException>(() => CibHashLoss.Compute(zeros(5, 8, ScalarType.Float64), 0.3, 0.001));
        Assert.Contains("(5, 8)", e.Message);
    }
}
