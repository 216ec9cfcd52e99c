using Dsch.Data;
using Dsch.Data.Splits;

namespace Dsch.Tests.Data;

public class SplitGeneratorTests
{
    static LabelMatrix SingleLabel(int perClass, int classes) =>
        LabelMatrix.FromClassIds(Enumerable.Range(0, perClass * classes).Select(i => i % classes).ToArray(), classes);

    [Fact]
    public void SingleLabel_TakesQueriesAndTrainPerClass_TrainFromTheDatabase()
    {
        var labels = SingleLabel(perClass: 20, classes: 4);
        var split = SplitGenerator.Generate("toy", new SplitProtocol("tiny", true, 3, 5), labels, seed: 7, "toy-folder");
        Assert.Equal(12, split.Query.Length);
        Assert.Equal(68, split.Database.Length);
        Assert.Equal(20, split.Train.Length);
        Assert.All(labels.Select(split.Query).ClassCounts(), n => Assert.Equal(3, n));
        Assert.All(labels.Select(split.Train).ClassCounts(), n => Assert.Equal(5, n));
        Assert.Empty(split.Query.Intersect(split.Database));
        Assert.Subset(split.Database.ToHashSet(), split.Train.ToHashSet());
        Assert.Equal(80, split.Query.Union(split.Database).Count());
        SplitFile.Check(split, labels, "generated", trainInDatabase: true);
    }

    [Fact]
    public void SameLabelsAndSeed_GiveTheSameSplit_OtherSeedsDiffer()
    {
        var labels = SingleLabel(30, 3);
        var protocol = new SplitProtocol("tiny", true, 4, 6);
        var a = SplitGenerator.Generate("toy", protocol, labels, 1, "f");
        var b = SplitGenerator.Generate("toy", protocol, labels, 1, "f");
        var c = SplitGenerator.Generate("toy", protocol, labels, 2, "f");
        Assert.Equal(a.Query, b.Query);
        Assert.Equal(a.Train, b.Train);
        Assert.NotEqual(a.Query, c.Query);
    }

    [Fact]
    public void Split_IsPinnedAcrossMachines()
    {
        // The generator uses SplitMix64 + Fisher–Yates only; these indices were produced by this code and must never change,
        // because committed split files (and everyone's results) depend on them.
        var split = SplitGenerator.Generate("toy", new SplitProtocol("tiny", true, 2, 3), SingleLabel(10, 2), 0, "f");
        Assert.Equal(PinnedQuery, split.Query);
        Assert.Empty(PinnedTrain.Intersect(split.Query));
        Assert.Equal(PinnedTrain, split.Train);
    }

    static readonly int[] PinnedQuery = [11, 12, 18, 19];
    static readonly int[] PinnedTrain = [4, 6, 9, 15, 16, 17];

    [Fact]
    public void MultiLabel_PerConcept_NeverDrawsAnImageTwice_AndSkipsUnlabelled()
    {
        // 300 images over 5 concepts, 1–3 labels each; every 10th image has none.
        var random = new SeededRandom(42);
        var multiHot = new byte[300 * 5];
        for (int i = 0; i < 300; i++)
        {
            if (i % 10 == 0) continue;
            multiHot[i * 5 + random.NextInt(5)] = 1;
            if (random.NextDouble() < 0.5) multiHot[i * 5 + random.NextInt(5)] = 1;
        }
        var labels = new LabelMatrix(300, 5, multiHot);
        var split = SplitGenerator.Generate("toy", new SplitProtocol("multi", true, 4, 10), labels, 3, "f");
        Assert.Equal(20, split.Query.Length);
        Assert.Equal(50, split.Train.Length);
        Assert.Equal(20, split.Query.Distinct().Count());
        Assert.All(labels.Select(split.Query).ClassCounts(), n => Assert.True(n >= 4));
        Assert.DoesNotContain(split.Query.Concat(split.Database), i => i % 10 == 0);
        Assert.Equal(30, split.ExcludedCount(300));
        SplitFile.Check(split, labels, "generated", trainInDatabase: true);
    }

    [Fact]
    public void RandomProtocol_DrawsTotals_AmongLabelledImages()
    {
        var multiHot = new byte[100 * 3];
        for (int i = 0; i < 100; i++) if (i % 4 != 0) multiHot[i * 3 + i % 3] = 1;
        var labels = new LabelMatrix(100, 3, multiHot);
        var split = SplitGenerator.Generate("toy", new SplitProtocol("rand", false, 10, 20), labels, 0, "f");
        Assert.Equal(10, split.Query.Length);
        Assert.Equal(65, split.Database.Length);
        Assert.Equal(20, split.Train.Length);
        Assert.DoesNotContain(split.Query, i => i % 4 == 0);
    }

    [Fact]
    public void TooFewImagesInAClass_IsAnEmptyOrShortSplitError()
    {
        var ids = Enumerable.Range(0, 40).Select(i => i < 38 ? i % 2 : 2).ToArray(); // class 2 has only 2 images
        var error = Assert.Throws<InvalidInputException>(() =>
            SplitGenerator.Generate("toy", new SplitProtocol("tiny", true, 3, 5), LabelMatrix.FromClassIds(ids, 3), 0, "/data/toy"));
        Assert.Contains("/data/toy", error.Message);
        Assert.Contains("class 2", error.Message);
    }
}
