using Dsch.Inference;

namespace Dsch.Tests.Inference;

public class ShardSpecTests
{
    [Theory]
    [InlineData(10, 3)]
    [InlineData(7, 7)]
    [InlineData(2, 5)]
    [InlineData(1_000_003, 16)]
    public void Shards_TileTheRows_InOrder_WithinOneRowOfEachOther(int rows, int count)
    {
        int next = 0;
        var sizes = new List<int>();
        for (int i = 1; i <= count; i++)
        {
            var (start, end) = new ShardSpec(i, count).Range(rows);
            Assert.Equal(next, start);
            sizes.Add(end - start);
            next = end;
        }
        Assert.Equal(rows, next);
        Assert.True(sizes.Max() - sizes.Min() <= 1);
    }

    [Fact]
    public void Parse_ReadsOneBasedIndexOverCount() => Assert.Equal(new ShardSpec(3, 8), ShardSpec.Parse("3/8"));

    [Theory]
    [InlineData("0/4")]
    [InlineData("5/4")]
    [InlineData("1/0")]
    [InlineData("2")]
    [InlineData("a/b")]
    [InlineData("-1/4")]
    [InlineData("1/2/3")]
    public void BadSpecs_AreRefused_NamingTheOption(string text) =>
        Assert.Contains("--shard", Assert.Throws<InvalidInputException>(() => ShardSpec.Parse(text)).Message);
}
