using CsCheck;
using Dsch.Retrieval;

namespace Dsch.Tests.Retrieval;

public class TieAwareAveragePrecisionTests
{
    // Expected AP@K by brute force: every ordering of the items inside each tie group, equally likely.
    static double BruteForce(int[] sizes, int[] relevant, int k)
    {
        var groups = sizes.Select((n, g) => Enumerable.Range(0, n).Select(i => i < relevant[g]).ToArray()).ToArray();
        double total = 0;
        long count = 0;
        void Walk(int g, List<bool> prefix)
        {
            if (g == groups.Length)
            {
                total += ReferenceRetrieval.AveragePrecision(prefix.ToArray(), k);
                count++;
                return;
            }
            foreach (var order in Permutations(groups[g]))
            {
                prefix.AddRange(order);
                Walk(g + 1, prefix);
                prefix.RemoveRange(prefix.Count - order.Length, order.Length);
            }
        }
        Walk(0, []);
        return total / count;
    }

    static IEnumerable<bool[]> Permutations(bool[] items)
    {
        if (items.Length <= 1) { yield return items; yield break; }
        for (int i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, j) => j != i).ToArray();
            foreach (var tail in Permutations(rest)) yield return [items[i], .. tail];
        }
    }

    [Fact]
    public void HandWorkedCase_MatchesEnumerationOfTheFourOrderings()
    {
        // Groups (distance 0: one of two relevant, distance 1: one of two, distance 2: one relevant item).
        // Orderings 10|10|1, 10|01|1, 01|10|1, 01|01|1 have AP 34/45, 7/10, 53/90, 8/15: mean 29/45.
        Assert.Equal(29.0 / 45, TieAwareAveragePrecision.AtK([2, 2, 1], [1, 1, 1], 5), 12);
        Assert.Equal(29.0 / 45, BruteForce([2, 2, 1], [1, 1, 1], 5), 12);
    }

    [Fact]
    public void CutInsideATieGroup_AveragesTheRandomNormaliser()
    {
        // One group of 3 with 1 relevant, K = 2: relevant at rank 1 (AP 1), rank 2 (AP 1/2) or rank 3 (AP 0).
        Assert.Equal(0.5, TieAwareAveragePrecision.AtK([3], [1], 2), 12);
    }

    [Fact]
    public void EqualsBruteForceEnumeration_OnRandomTinyGroups()
    {
        Gen.Int[0, 1_000_000].Sample(seed =>
        {
            var rng = new Random(seed);
            int groupCount = rng.Next(1, 4);
            var sizes = new int[groupCount];
            var relevant = new int[groupCount];
            for (int g = 0; g < groupCount; g++)
            {
                sizes[g] = rng.Next(0, 4);
                relevant[g] = rng.Next(0, sizes[g] + 1);
            }
            int total = sizes.Sum();
            if (total == 0) return;
            int k = rng.Next(1, total + 1);
            Assert.Equal(BruteForce(sizes, relevant, k), TieAwareAveragePrecision.AtK(sizes, relevant, k), 9);
        }, iter: 300);
    }

    [Fact]
    public void WithoutTies_EqualsPlainAveragePrecision()
    {
        bool[] ranked = [false, true, true, false, true, false];
        var sizes = ranked.Select(_ => 1).ToArray();
        var relevant = ranked.Select(r => r ? 1 : 0).ToArray();
        for (int k = 1; k <= ranked.Length; k++)
            Assert.Equal(ReferenceRetrieval.AveragePrecision(ranked, k), TieAwareAveragePrecision.AtK(sizes, relevant, k), 12);
    }

    [Fact]
    public void LargeCutGroup_AgreesWithMonteCarloOverShuffles()
    {
        // Groups: 5 items (2 relevant), then 60 tied items (25 relevant) cut by K = 30.
        int[] sizes = [5, 60], relevant = [2, 25];
        var rng = new Random(12);
        double sum = 0, sumSquares = 0;
        const int samples = 20_000;
        for (int s = 0; s < samples; s++)
        {
            var first = Enumerable.Range(0, 5).Select(i => i < 2).OrderBy(_ => rng.Next()).ToArray();
            var second = Enumerable.Range(0, 60).Select(i => i < 25).OrderBy(_ => rng.Next()).ToArray();
            double ap = ReferenceRetrieval.AveragePrecision([.. first, .. second], 30);
            sum += ap;
            sumSquares += ap * ap;
        }
        double mean = sum / samples, standardError = Math.Sqrt((sumSquares / samples - mean * mean) / samples);
        Assert.InRange(TieAwareAveragePrecision.AtK(sizes, relevant, 30), mean - 5 * standardError, mean + 5 * standardError);
    }
}
