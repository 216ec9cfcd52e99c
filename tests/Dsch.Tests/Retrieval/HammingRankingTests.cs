using Dsch.Retrieval;

namespace Dsch.Tests.Retrieval;

public class HammingRankingTests
{
    // Few distinct database codes (6 patterns, each bit flipped with probability 1/16 on some rows), so most distances tie.
    static (HashCodes Queries, HashCodes Database) ManyTies(int bits, int seed, int rows = 400, int queries = 9)
    {
        var random = new Random(seed);
        var patterns = Enumerable.Range(0, 6).Select(_ => Enumerable.Range(0, bits).Select(_ => random.Next(2) * 2f - 1).ToArray()).ToArray();
        var database = Enumerable.Range(0, rows).SelectMany(_ =>
        {
            var code = (float[])patterns[random.Next(6)].Clone();
            if (random.Next(3) == 0) for (int b = 0; b < bits; b++) if (random.Next(16) == 0) code[b] = -code[b];
            return code;
        }).ToArray();
        var query = Enumerable.Range(0, queries * bits).Select(_ => random.Next(2) * 2f - 1).ToArray();
        return (HashCodes.From(query, queries, bits), HashCodes.From(database, rows, bits));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(70)]
    [InlineData(128)]
    [InlineData(200)]
    public void Rank_EqualsTheFullSortOracle_WithManyTies(int bits)
    {
        var (queries, database) = ManyTies(bits, bits * 7919);
        for (int q = 0; q < queries.Count; q++)
        {
            var expected = ReferenceRetrieval.Rank(queries, q, database);
            var ranked = HammingRanking.Rank(queries, q, database);
            Assert.Equal(expected, ranked.Select(n => n.Row));
            Assert.Equal(expected.Select(j => queries.Distance(q, database, j)), ranked.Select(n => n.Distance));
            Assert.Equal(Enumerable.Range(1, database.Count), ranked.Select(n => n.Rank));
        }
    }

    [Theory]
    [InlineData(8, 1)]
    [InlineData(8, 17)]
    [InlineData(12, 40)]
    [InlineData(16, 1000)]
    [InlineData(32, 100)]
    [InlineData(64, 50)]
    [InlineData(70, 300)]
    [InlineData(128, 399)]
    [InlineData(128, 400)]
    public void TopK_IsTheFirstKOfTheOracle_TiesByRow(int bits, int k)
    {
        var (queries, database) = ManyTies(bits, bits * 31 + k);
        var found = HammingRanking.TopK(queries, database, k);
        Assert.Equal(queries.Count, found.Length);
        for (int q = 0; q < queries.Count; q++)
        {
            var expected = ReferenceRetrieval.Rank(queries, q, database).Take(k).ToArray();
            Assert.Equal(expected, found[q].Select(n => n.Row));
            Assert.Equal(expected.Select(j => queries.Distance(q, database, j)), found[q].Select(n => n.Distance));
            Assert.Equal(Enumerable.Range(1, expected.Length), found[q].Select(n => n.Rank));
        }
    }

    [Fact]
    public void TopK_OfAnEmptyDatabase_IsEmpty()
    {
        var (queries, _) = ManyTies(16, 3);
        Assert.All(HammingRanking.TopK(queries, HashCodes.From(new float[0], 0, 16), 5), hits => Assert.Empty(hits));
    }

    [Fact]
    public void CodesOfAnotherLength_OrKBelowOne_AreRefused()
    {
        var a = HashCodes.From(new float[8], 1, 8);
        Assert.Throws<InvalidInputException>(() => HammingRanking.TopK(a, HashCodes.From(new float[16], 1, 16), 1));
        Assert.Throws<InvalidInputException>(() => HammingRanking.Rank(a, 0, HashCodes.From(new float[16], 1, 16)));
        Assert.Throws<InvalidInputException>(() => HammingRanking.TopK(a, a, 0));
    }
}
