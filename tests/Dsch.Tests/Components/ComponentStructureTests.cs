using Dsch.Components;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Tests.Components;

/// <summary>
/// The hard assignments and the co-occurrence S as members of <see cref="ComponentStructure"/> give, bit for bit, what
/// the trainer, the loss, the mate readings and the notebooks computed themselves before (the old formulas are written
/// out here), on random posteriors with tied maxima.
/// </summary>
[Collection(ComponentsCollection.Name)]
public class ComponentStructureTests
{
    static Tensor Codes() => tanh(MixtureData.Sample(120, [0.5, 0.5], [[1, 1, -1, 0], [-1, 1, 1, -1]],
        [[0.4, 0.4, 0.4, 0.4], [0.3, 0.5, 0.3, 0.5]], 3).Points);

    static readonly ComponentOptions Small = new() { M1 = 9, M2 = 3, MaxIter = 20 };

    // Random posteriors (N, m1), rows summing to 1, every fifth row with its two largest entries tied.
    static Tensor RandomPosteriors(int seed, long n, int m1)
    {
        var random = new Random(seed);
        var values = new double[n * m1];
        for (long i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < m1; j++) sum += values[i * m1 + j] = random.NextDouble();
            if (i % 5 == 0)
            {
                int a = random.Next(m1), b = (a + 1 + random.Next(m1 - 1)) % m1;
                sum += 2 - values[i * m1 + a] - values[i * m1 + b];
                values[i * m1 + a] = values[i * m1 + b] = 1;
            }
            for (int j = 0; j < m1; j++) values[i * m1 + j] /= sum;
        }
        return tensor(values, [n, m1], ScalarType.Float64);
    }

    static ComponentStructure WithRandomPosteriors(int seed)
    {
        var structure = EStep.Discover(Codes(), Small, seed: 0, CPU);
        return structure.WithPosteriors(RandomPosteriors(seed, structure.Count, structure.Fine));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Assignments_EqualTheOldArgmaxFormulas(int seed)
    {
        using var structure = WithRandomPosteriors(seed);
        var fineOf = structure.P1.argmax(1).cpu().data<long>().ToArray();              // EpochMates, LabComponents before
        Assert.Equal(fineOf, structure.FineAssignment);
        Assert.Equal(fineOf.Select(f => structure.CoarseOf[f]), structure.CoarseAssignment); // EpochMates before
        Assert.Same(structure.FineAssignment, structure.FineAssignment);                 // computed once
        using var sizes = bincount(ComponentStructure.HardAssignment(structure.P1), minlength: structure.Fine);
        using var old = bincount(structure.P1.argmax(1), minlength: structure.Fine);     // EStep's fine sizes before
        Assert.Equal(old.data<long>().ToArray(), sizes.data<long>().ToArray());
    }

    [Fact]
    public void FineSizes_CountTheFineAssignment()
    {
        using var structure = EStep.Discover(Codes(), Small, seed: 0, CPU);             // unnormalised: P1 is the mixture's posteriors
        var counted = new long[structure.Fine];
        foreach (var k in structure.FineAssignment) counted[k]++;
        Assert.Equal(structure.Statistics.FineSizes, counted);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Cooccurrence_EqualsTheOldFormulas_BitForBit(int seed)
    {
        using var structure = WithRandomPosteriors(seed);
        using var scope = NewDisposeScope();
        int[] batch = [5, 17, 17, 0, 119, 100, 64, 64];                                 // repeats like two views of one image
        var rows = structure.FineRows(batch);                                            // (2B, m1)
        // ComponentStructure.CooccurrenceBlock before.
        Assert.True(Identical(structure.CooccurrenceBlock(batch), rows.matmul(rows.t())));
        // DschLoss before: S = P1·P1ᵀ on the batch rows, in the codes' dtype.
        Assert.True(Identical(ComponentStructure.Cooccurrence(rows, rows).to(ScalarType.Float32), rows.matmul(rows.t()).to(ScalarType.Float32)));
        // EpochMates before: rows against rows and memory mates, float32.
        var r = tensor(batch.Select(i => (long)i).ToArray());
        var c = cat([r, tensor(new long[] { 3, 90, 31 })], 0);
        var q1 = structure.P1;
        var mine = ComponentStructure.Cooccurrence(q1.index_select(0, r).to(ScalarType.Float32), q1.index_select(0, c).to(ScalarType.Float32));
        var old = q1.index_select(0, r).to(ScalarType.Float32).matmul(q1.index_select(0, c).to(ScalarType.Float32).t());
        Assert.Equal([8L, 11L], mine.shape);
        Assert.True(Identical(mine, old));
    }

    static bool Identical(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.eq(b).all().item<bool>();

    [Fact]
    public void SampledRows_AreDistinct_Seeded_AndAllRowsWhenFewer()
    {
        using var structure = EStep.Discover(Codes(), Small, seed: 0, CPU);
        var sample = structure.SampledRows(40, seed: 7);
        Assert.Equal(40, sample.Distinct().Count());
        Assert.All(sample, row => Assert.InRange(row, 0, 119));
        Assert.Equal(sample, structure.SampledRows(40, seed: 7));
        Assert.NotEqual(sample, structure.SampledRows(40, seed: 8));
        Assert.Equal(Enumerable.Range(0, 120), structure.SampledRows(500, seed: 7).Order());
    }
}
