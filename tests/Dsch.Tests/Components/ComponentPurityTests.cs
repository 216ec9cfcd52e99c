using Dsch.Components;
using Dsch.Data;

namespace Dsch.Tests.Components;

public class ComponentPurityTests
{
    static readonly string[] ThreeNames = ["a", "b", "c"];

    // The usual single-label definition, written out: per component the count of its most common class.
    static double MajorityPurity(long[] assignment, int[] classes) =>
        assignment.Select((k, i) => (k, Class: classes[i])).GroupBy(x => x.k)
            .Sum(g => (double)g.GroupBy(x => x.Class).Max(c => c.Count())) / assignment.Length;

    [Fact]
    public void OnSingleLabelData_ItIsTheMajorityPurity()
    {
        for (int seed = 0; seed < 50; seed++)
        {
            var random = new Random(seed);
            int n = random.Next(1, 200), classes = random.Next(1, 8), components = random.Next(1, 12);
            var ids = Enumerable.Range(0, n).Select(_ => random.Next(classes)).ToArray();
            var assignment = Enumerable.Range(0, n).Select(_ => (long)random.Next(components)).ToArray();
            var labels = LabelMatrix.FromClassIds(ids, classes);
            Assert.Equal(MajorityPurity(assignment, ids), ComponentPurity.Of(assignment, labels));
            var report = ComponentPurity.Of(assignment, labels, [.. Enumerable.Range(0, classes).Select(c => $"{c}")], seed);
            Assert.Equal(MajorityPurity(assignment, ids), report.Purity);
            Assert.Equal(n, report.Rows.Sum(r => r.Size));
        }
    }

    [Fact]
    public void OnMultiLabelData_AnImageCountsForEachLabelItCarries()
    {
        // Images 0 {a, b}, 1 {a}, 2 {b, c}, 3 {c}, 4 {a}; components {0, 1} and {2, 3, 4}.
        var labels = new LabelMatrix(5, 3, [1, 1, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0]);
        long[] assignment = [7, 7, 2, 2, 2];
        // Component 7: a carried by 2, b by 1 → 2. Component 2: a 1, b 1, c 2 → 2. (2 + 2) / 5.
        Assert.Equal(4.0 / 5, ComponentPurity.Of(assignment, labels));
        var report = ComponentPurity.Of(assignment, labels, ThreeNames, seed: 0);
        Assert.Equal(4.0 / 5, report.Purity);
        Assert.Equal([2, 7], report.Rows.Select(r => r.Component));                     // largest first
        Assert.Equal((3, 2, 2.0 / 3), (report.Rows[0].Size, report.Rows[0].Majority, report.Rows[0].Purity));
        Assert.Equal([1.0 / 3, 1.0 / 3, 2.0 / 3], report.Rows[0].Shares);
        Assert.Equal((2, 0, 1.0), (report.Rows[1].Size, report.Rows[1].Majority, report.Rows[1].Purity));
        Assert.Equal([1.0, 0.5, 0.0], report.Rows[1].Shares);
    }

    [Fact]
    public void ATieOfLabels_NamesTheLowest()
    {
        var labels = new LabelMatrix(2, 3, [0, 1, 0, 0, 0, 1]);
        var report = ComponentPurity.Of([0L, 0], labels, ThreeNames, seed: 0);
        Assert.Equal((1, 0.5), (report.Rows[0].Majority, report.Rows[0].Purity));
    }

    [Fact]
    public void TheShuffledBaseline_IsChanceLevel_Seeded_AndKeepsTheSizes()
    {
        // Four balanced classes, components = classes: purity 1; shuffled, a component's majority share is near 1/4.
        var ids = Enumerable.Range(0, 400).Select(i => i % 4).ToArray();
        var labels = LabelMatrix.FromClassIds(ids, 4);
        var assignment = ids.Select(c => (long)c).ToArray();
        var report = ComponentPurity.Of(assignment, labels, ["w", "x", "y", "z"], seed: 5);
        Assert.Equal(1.0, report.Purity);
        Assert.InRange(report.ShuffledPurity, 0.25, 0.4);
        Assert.Equal(report.ShuffledPurity, ComponentPurity.Shuffled(assignment, labels, 5));
        Assert.NotEqual(report.ShuffledPurity, ComponentPurity.Shuffled(assignment, labels, 6));
        // One component holding everything: no shuffle changes it, both are the most frequent label's share.
        long[] one = [.. Enumerable.Repeat(0L, 400)];
        Assert.Equal(ComponentPurity.Of(one, labels), ComponentPurity.Shuffled(one, labels, 5));
    }

    [Fact]
    public void MismatchedCounts_AreRefused_AndNoImagesGiveNaN()
    {
        var labels = LabelMatrix.FromClassIds([0, 1], 2);
        Assert.Throws<ArgumentException>(() => ComponentPurity.Of([0L], labels));
        Assert.True(double.IsNaN(ComponentPurity.Of([], new LabelMatrix(0, 2, []))));
    }
}
