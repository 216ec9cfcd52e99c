using Dsch.Retrieval;

namespace Dsch.Tests.Retrieval;

/// <summary>The numpy.packbits(code &gt;= 0, axis=1) layout of <see cref="HashCodes.ToPackedBytes"/>.</summary>
public class PackedCodesTests
{
    [Fact]
    public void FirstCodeBit_IsTheMostSignificantBitOfTheFirstByte_AndZeroCountsAsPlusOne()
    {
        // numpy.packbits([[1,0,0,0,0,0,0,1, 1,1,1,1,0,0,0,0]], axis=1) == [[0x81, 0xF0]]
        float[] code = [0.5f, -1, -1, -1, -1, -1, -1, 0, 1, 1, 1, 1, -1, -1, -1, -1];
        Assert.Equal(new byte[] { 0x81, 0xF0 }, HashCodes.From(code, 1, 16).ToPackedBytes());
    }

    [Fact]
    public void PackedBytes_RoundTrip_AndKeepDistances()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 7 * 72).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var codes = HashCodes.From(values, 7, 72);
        var back = HashCodes.FromPackedBytes(codes.ToPackedBytes(), 7, 72);
        Assert.Equal(codes.Words.ToArray(), back.Words.ToArray());
        Assert.Equal(codes.Distance(2, codes, 5), back.Distance(2, back, 5));
    }

    [Fact]
    public void CodesOfAWidthThatIsNoMultipleOf8_AreRefused()
    {
        var codes = HashCodes.From(new float[12], 1, 12);
        Assert.Contains("multiple of 8", Assert.Throws<ArgumentException>(() => codes.ToPackedBytes()).Message);
        Assert.Throws<ArgumentException>(() => HashCodes.FromPackedBytes(new byte[2], 1, 12));
    }

    [Fact]
    public void Concat_JoinsCodesInOrder()
    {
        var a = HashCodes.From(new float[] { 1, -1, -1, 1 }, 2, 2);
        var b = HashCodes.From(new float[] { -1, -1 }, 1, 2);
        var joined = HashCodes.Concat([a, b, HashCodes.From(Array.Empty<float>(), 0, 2)]);
        Assert.Equal(new sbyte[] { 1, -1, -1, 1, -1, -1 }, joined.ToSigns());
    }
}
