using Dsch.Components;
using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Tests.Components;

[Collection(ComponentsCollection.Name)]
public class EStepTests
{
    static readonly Scalar OneThird = (1.0 / 3).ToScalar();

    static Tensor Codes(long seed) => tanh(MixtureData.Sample(240, [0.3, 0.3, 0.4], [[1, 1, -1, 0, 1, -1], [-1, 1, 1, -1, 0, 1], [1, -1, 0, 1, -1, -1]],
        [[0.4, 0.4, 0.4, 0.4, 0.4, 0.4], [0.3, 0.5, 0.3, 0.5, 0.3, 0.5], [0.5, 0.3, 0.4, 0.3, 0.5, 0.3]], seed).Points);

    static readonly ComponentOptions Small = new() { M1 = 12, M2 = 3, MaxIter = 30 };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CooccurrenceBlock_EqualsTheBlockOfP1P1T(bool normalize)
    {
        using var structure = EStep.Discover(Codes(1), Small with { Normalize = normalize }, seed: 0, CPU);
        int[] rows = [5, 17, 17, 0, 239, 100];                                  // repeats like two views of one image
        using var block = structure.CooccurrenceBlock(rows);
        using var whole = structure.P1.matmul(structure.P1.t());                // (N, N), fine at this size
        var index = tensor(rows.Select(r => (long)r).ToArray());
        using var expected = whole.index_select(0, index).index_select(1, index);
        Assert.Equal([rows.Length, rows.Length], block.shape);
        Assert.True((block - expected).abs().max().item<double>() < 1e-12);
    }

    [Fact]
    public void P2_IsP1TimesTheOneHotCoarseMap_AndItsRowsSumLikeP1()
    {
        using var structure = EStep.Discover(Codes(2), Small, seed: 0, CPU);
        var A = structure.CoarseMap;                                            // (m1, m2)
        Assert.Equal([12L, 3L], A.shape);
        Assert.True(A.sum(1).eq(One).all().item<bool>());
        Assert.True((A.eq(Zero) | A.eq(One)).all().item<bool>());
        Assert.True((structure.P2 - structure.P1.matmul(A)).abs().max().item<double>() < 1e-12);
        Assert.True(structure.P2.sum(1).sub(One).abs().max().item<double>() < 1e-10); // unnormalised P1 rows sum to 1
        for (int j = 0; j < 12; j++) Assert.Equal(1.0, A[j, structure.CoarseOf[j]].item<double>());
        Assert.True(structure.Pi2.sub(OneThird).abs().max().item<double>() < 1e-15);
        Assert.Equal(3, structure.Statistics.CoarseSizes.Length);
        Assert.Equal(12, structure.Statistics.CoarseSizes.Sum());
    }

    [Fact]
    public void NormalisedP1_HasUnitRows_AndP2RowsSumToTheirL1OverL2Ratio()
    {
        using var structure = EStep.Discover(Codes(3), Small with { Normalize = true }, seed: 0, CPU);
        Assert.True(structure.P1.norm(1, keepdim: false, p: 2).sub(One).abs().max().item<double>() < 1e-12);
        Assert.True((structure.P2.sum(1) - structure.P1.sum(1)).abs().max().item<double>() < 1e-12);
    }

    [Fact]
    public void Mu1AndMu2_AreSignsOfTheContinuousCentres_WithZeroPositive()
    {
        using var signs = EStep.Sign(tensor(new[] { 0.0, -0.5, 2.0, -0.0 }));
        Assert.Equal([1.0, -1.0, 1.0, 1.0], MixtureData.Values(signs));
        using var structure = EStep.Discover(Codes(4), Small, seed: 0, CPU);
        Assert.Equal(MixtureData.Values(EStep.Sign(structure.Means)), MixtureData.Values(structure.Mu1));
        Assert.True(structure.Mu2.abs().eq(One).all().item<bool>());
        Assert.Equal([3L, 6L], structure.Mu2.shape);
        Assert.True(structure.Pi1.sum().sub(One).abs().item<double>() < 1e-12);
    }

    [Fact]
    public void Statistics_DescribeTheFit()
    {
        using var structure = EStep.Discover(Codes(5), Small, seed: 0, CPU);
        var s = structure.Statistics;
        Assert.Equal(240, s.FineSizes.Sum());
        Assert.Equal(s.Iterations, s.LogLikelihoodHistory.Count);
        Assert.InRange(s.MeanPosteriorEntropy, 0, Math.Log(12));
        Assert.True(double.IsFinite(s.MeanLogLikelihood));
    }

    [Fact]
    public void Discover_IsDeterministic_ForASeed()
    {
        using var a = EStep.Discover(Codes(6), Small, seed: 9, CPU);
        using var b = EStep.Discover(Codes(6), Small, seed: 9, CPU);
        Assert.Equal(MixtureData.Values(a.P1), MixtureData.Values(b.P1));
        Assert.Equal(a.CoarseOf, b.CoarseOf);
    }

    [Fact]
    public void MoreFineComponentsThanCodes_IsAnError_NamingTheOption()
    {
        var error = Assert.Throws<InvalidInputException>(() => EStep.Discover(Codes(7), new ComponentOptions { M1 = 241, M2 = 3 }, 0, CPU));
        Assert.Contains("--m1", error.Message);
    }

    [Fact]
    public void MoreCoarseThanFineComponents_IsAnError_NamingTheOption()
    {
        var error = Assert.Throws<InvalidInputException>(() => EStep.Discover(Codes(7), new ComponentOptions { M1 = 4, M2 = 5 }, 0, CPU));
        Assert.Contains("--m2", error.Message);
    }

    [Fact]
    public void NaNCodes_AreAnError_NamingRowAndColumn()
    {
        var codes = Codes(8);
        codes[37, 4] = tensor(double.NaN);
        var error = Assert.Throws<InvalidInputException>(() => EStep.Discover(codes, Small, 0, CPU));
        Assert.Contains("row 37, column 4", error.Message);
    }

    [Fact]
    public void CodesOfTheWrongRank_AreAnError()
    {
        Assert.Throws<InvalidInputException>(() => EStep.Discover(zeros(10), Small, 0, CPU));
    }
}
