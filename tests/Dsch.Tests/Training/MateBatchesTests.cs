using Dsch.Training;

namespace Dsch.Tests.Training;

/// <summary>Component-aware batch orders: permutations whose batches hold k mates from each of B/k components.</summary>
public class MateBatchesTests
{
    // 30 components of 7 images, interleaved so that a plain index order would never put mates together.
    static long[] SevenEach() => [.. Enumerable.Range(0, 210).Select(i => (long)(i % 30))];

    [Fact]
    public void Order_IsAPermutation_SoEveryImageIsSeenOncePerEpoch()
    {
        var order = MateBatches.Order(SevenEach(), batchSize: 6, matesPerComponent: 3, seed: 4);
        Assert.Equal(Enumerable.Range(0, 210).Select(i => (long)i), order.Order());
    }

    [Fact]
    public void ComponentAwareBatch_HoldsKMatesFromEachOfBOverKComponents()
    {
        var componentOf = SevenEach();
        var order = MateBatches.Order(componentOf, batchSize: 6, matesPerComponent: 3, seed: 4);
        int mateBatches = 0;
        for (int start = 0; start + 6 <= order.Length; start += 6)
        {
            var chunks = order.Skip(start).Take(6).Chunk(3).ToArray();
            if (chunks.All(chunk => chunk.All(i => componentOf[i] == componentOf[chunk[0]]))) mateBatches++;
        }
        // Each component gives two chunks of 3 (60 chunks: 30 batches); its 30 leftovers make 5 random batches.
        Assert.True(mateBatches >= 30, $"{mateBatches} of 35 batches hold mates");
        Assert.Equal(35, order.Length / 6);
    }

    [Fact]
    public void Order_IsSeeded()
    {
        var componentOf = SevenEach();
        Assert.Equal(MateBatches.Order(componentOf, 6, 3, seed: 1), MateBatches.Order(componentOf, 6, 3, seed: 1));
        Assert.NotEqual(MateBatches.Order(componentOf, 6, 3, seed: 1), MateBatches.Order(componentOf, 6, 3, seed: 2));
    }

    [Fact]
    public void Order_RejectsAKThatDoesNotDivideB() =>
        Assert.Throws<ArgumentException>(() => MateBatches.Order(SevenEach(), batchSize: 6, matesPerComponent: 4, seed: 0));
}
