using Dsch.Retrieval;

namespace Dsch.Tests.Retrieval;

public class HammingSearchTests
{
    [Theory]
    [InlineData(8, 1)]
    [InlineData(8, 17)]
    [InlineData(64, 50)]
    [InlineData(70, 300)]
    [InlineData(16, 1000)]
    public void TopK_IsTheFirstKOfTheEvaluationRanking_TiesByRow(int bits, int k)
    {
        var random = new Random(bits * 31 + k);
        // Few distinct codes, so that most distances tie.
        var patterns = Enumerable.Range(0, 6).Select(_ => Enumerable.Range(0, bits).Select(_ => random.Next(2) * 2f - 1).ToArray()).ToArray();
        var database = HashCodes.From(Enumerable.Range(0, 400).SelectMany(_ => patterns[random.Next(6)]).ToArray(), 400, bits);
        var queries = HashCodes.From(Enumerable.Range(0, 9 * bits).Select(_ => random.Next(2) * 2f - 1).ToArray(), 9, bits);
        var found = HammingSearch.TopK(queries, database, k);
        for (int q = 0; q < 9; q++)
        {
            var expected = HammingRetrieval.Rank(queries, q, database).Take(k).ToArray();
            Assert.Equal(expected, found[q].Select(n => n.Row));
            Assert.Equal(expected.Select(j => queries.Distance(q, database, j)), found[q].Select(n => n.Distance));
            Assert.Equal(Enumerable.Range(1, expected.Length), found[q].Select(n => n.Rank));
        }
    }

    [Fact]
    public void CodesOfAnotherLength_OrKBelowOne_AreRefused()
    {
        var a = HashCodes.From(new float[8], 1, 8);
        Assert.Throws<InvalidInputException>(() => HammingSearch.TopK(a, HashCodes.From(new float[16], 1, 16), 1));
        Assert.Throws<InvalidInputException>(() => HammingSearch.TopK(a, a, 0));
    }
}
