using Dsch.Data;

namespace Dsch.Tests.Data;

public class SeededRandomTests
{
    [Fact]
    public void NextUInt64_MatchesTheSplitMix64ReferenceStream()
    {
        // Reference: Vigna's splitmix64.c with x = 0 yields 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F.
        var random = new SeededRandom(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, random.NextUInt64());
    }

    [Fact]
    public void NextInt_StaysInRange_AndCoversIt()
    {
        var random = new SeededRandom(5);
        var seen = new bool[7];
        for (int k = 0; k < 1000; k++) seen[random.NextInt(7)] = true;
        Assert.All(seen, Assert.True);
    }

    [Fact]
    public void Derive_SeparatesStreamsByEveryKey()
    {
        var streams = new[] { SeededRandom.Derive(1, 2, 3, 4), SeededRandom.Derive(1, 2, 3, 5), SeededRandom.Derive(1, 2, 4, 4), SeededRandom.Derive(1, 3, 3, 4), SeededRandom.Derive(2, 2, 3, 4) };
        Assert.Equal(5, streams.Select(s => s.NextUInt64()).Distinct().Count());
        Assert.Equal(SeededRandom.Derive(1, 2, 3, 4).NextUInt64(), SeededRandom.Derive(1, 2, 3, 4).NextUInt64());
    }
}
