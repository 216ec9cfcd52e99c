using Dsch.Retrieval;

namespace Dsch.Tests.Retrieval;

public class HashCodesTests
{
    [Fact]
    public void SignOfZero_IsPlusOne()
    {
        var codes = HashCodes.From(new float[] { 0f, -0f, -1e-30f, 2f }, 1, 4);
        Assert.Equal(new sbyte[] { 1, 1, -1, 1 }, codes.ToSigns());
        Assert.Equal(0b1011UL, codes.Code(0)[0]);
    }

    [Fact]
    public void CodesLongerThan64Bits_SpanTwoWords_WithZeroPadding()
    {
        var values = Enumerable.Range(0, 2 * 70).Select(i => i % 70 == 64 || i == 0 ? 1f : -1f).ToArray();
        var codes = HashCodes.From(values, 2, 70);
        Assert.Equal(2, codes.WordsPerCode);
        Assert.Equal(1UL, codes.Code(0)[0]);
        Assert.Equal(1UL, codes.Code(0)[1]);
        Assert.Equal(0UL, codes.Code(1)[0]);
        Assert.Equal(1, codes.Distance(0, codes, 1));
    }

    [Fact]
    public void Distance_IsTheNumberOfDifferingSigns()
    {
        var a = HashCodes.From(new double[] { 1, 1, -1, -1, 1 }, 1, 5);
        var b = HashCodes.From(new double[] { -1, 1, 1, -1, -1 }, 1, 5);
        Assert.Equal(3, a.Distance(0, b, 0));
    }

    [Fact]
    public void FromBits_AgreesWithFromSigns()
    {
        var bits = HashCodes.FromBits(new byte[] { 1, 0, 0, 1 }, 2, 2);
        var signs = HashCodes.From(new float[] { 3, -2, -0.5f, 0 }, 2, 2);
        Assert.Equal(signs.Words.ToArray(), bits.Words.ToArray());
    }

    [Fact]
    public void NaN_IsRejected_NamingRowAndColumn()
    {
        var error = Assert.Throws<ArgumentException>(() => HashCodes.From(new float[] { 1, 2, 3, float.NaN }, 2, 2));
        Assert.Contains("row 1, column 1", error.Message);
    }

    [Fact]
    public void NonBinaryBits_AreRejected() =>
        Assert.Throws<ArgumentException>(() => HashCodes.FromBits(new byte[] { 0, 2 }, 1, 2));

    [Fact]
    public void FromTensor_MatchesFromArray()
    {
        var values = new float[] { 0.5f, -1, 0, -2, 3, -0.1f };
        using var tensor = TorchSharp.torch.tensor(values, 2, 3);
        Assert.Equal(HashCodes.From(values, 2, 3).Words.ToArray(), HashCodes.FromTensor(tensor).Words.ToArray());
    }
}
