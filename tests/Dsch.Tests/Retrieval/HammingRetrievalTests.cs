using CsCheck;
using Dsch.Data;
using Dsch.Retrieval;

namespace Dsch.Tests.Retrieval;

public class HammingRetrievalTests
{
    // Query 1111; database distances 1, 0, 1, 2, 0; relevant items 0, 3, 4 (class 0).
    // Ranking with index tie-break: 1, 4 | 0, 2 | 3 → relevance 0 1 1 0 1.
    static readonly HashCodes HandQuery = HashCodes.From(new float[] { 1, 1, 1, 1 }, 1, 4);
    static readonly HashCodes HandDatabase = HashCodes.From(new float[]
    {
        -1, 1, 1, 1,
        1, 1, 1, 1,
        1, -1, 1, 1,
        -1, -1, 1, 1,
        1, 1, 1, 1,
    }, 5, 4);
    static readonly LabelMatrix HandQueryLabels = LabelMatrix.FromClassIds([0], 2);
    static readonly LabelMatrix HandDatabaseLabels = LabelMatrix.FromClassIds([0, 1, 1, 0, 0], 2);

    static RetrievalReport EvaluateHand(params int[] topK) =>
        HammingRetrieval.Evaluate(HandQuery, HandDatabase, Relevance.Between(HandQueryLabels, HandDatabaseLabels),
            new RetrievalOptions(topK, [1, 3, 10]));

    [Fact]
    public void Ranking_BreaksTiesByDatabaseIndex()
    {
        Assert.Equal(new[] { 1, 4, 0, 2, 3 }, HammingRanking.Rank(HandQuery, 0, HandDatabase).Select(n => n.Row));
        Assert.Equal(new[] { 1, 4, 0, 2, 3 }, ReferenceRetrieval.Rank(HandQuery, 0, HandDatabase));
    }

    [Fact]
    public void Map_MatchesHandWorkedValues_WithTies()
    {
        var report = EvaluateHand(1, 2, 3, RetrievalOptions.All);
        Assert.Equal(0, report.MapAtK["1"], 12);                          // no relevant item in the top 1: AP 0, query counts
        Assert.Equal(0.5, report.MapAtK["2"], 12);                        // (1/2) / 1
        Assert.Equal((0.5 + 2.0 / 3) / 2, report.MapAtK["3"], 12);
        Assert.Equal((0.5 + 2.0 / 3 + 3.0 / 5) / 3, report.MapAtK["all"], 12);
        Assert.Equal(29.0 / 45, report.TieAwareMapAtK["all"], 12);      // see TieAwareAveragePrecisionTests
        Assert.Equal(3.0 / 5, report.PrecisionRadius2, 12);
    }

    [Fact]
    public void Curves_MatchHandWorkedValues()
    {
        var report = EvaluateHand(RetrievalOptions.All);
        Assert.Equal(new RankPoint(1, 0, 0), report.PrecisionRecallAtN[0]);
        Assert.Equal(new RankPoint(3, 2.0 / 3, 2.0 / 3), report.PrecisionRecallAtN[1]);
        Assert.Equal(new RankPoint(10, 3.0 / 5, 1), report.PrecisionRecallAtN[2]);   // N clamped to the 5 items
        Assert.Equal(5, report.PrecisionRecallByRadius.Count);
        Assert.Equal(new RadiusPoint(0, 0.5, 1.0 / 3), report.PrecisionRecallByRadius[0]);
        Assert.Equal(new RadiusPoint(1, 0.5, 2.0 / 3), report.PrecisionRecallByRadius[1]);
        Assert.Equal(new RadiusPoint(4, 0.6, 1), report.PrecisionRecallByRadius[4]);
    }

    [Fact]
    public void PrecisionRadius2_IsZero_WhenNothingFallsWithinIt()
    {
        var far = HashCodes.From(new float[] { -1, -1, -1, 1 }, 1, 4);                  // distance 3
        var report = HammingRetrieval.Evaluate(HandQuery, far,
            Relevance.Between(HandQueryLabels, LabelMatrix.FromClassIds([0], 2)), RetrievalOptions.MapOnly(1));
        Assert.Equal(0, report.PrecisionRadius2);
        Assert.Equal(1, report.MapAtK["1"]);
    }

    [Fact]
    public void MultiLabel_RelevantWhenAnyLabelIsShared()
    {
        // Query labels {0, 2}; database {1}, {2, 3}, {3}, {0}; all at distance 0, so rank = index.
        var queryLabels = new LabelMatrix(1, 4, [1, 0, 1, 0]);
        var databaseLabels = new LabelMatrix(4, 4, [0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0]);
        var database = HashCodes.From(new float[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, 4, 4);
        var relevance = Relevance.Between(queryLabels, databaseLabels);
        Assert.False(relevance.IsSingleLabel);
        var report = HammingRetrieval.Evaluate(HandQuery, database, relevance, RetrievalOptions.MapOnly(RetrievalOptions.All));
        Assert.Equal((1.0 / 2 + 2.0 / 4) / 2, report.MapAtK["all"], 12);
        // Tie-aware: 2 relevant among 4 tied items, E[AP] by enumeration = mean over the 6 placements.
        double[] placements = [1, (1 + 2.0 / 3) / 2, (1 + 2.0 / 4) / 2, (0.5 + 2.0 / 3) / 2, (0.5 + 0.5) / 2, (1.0 / 3 + 2.0 / 4) / 2];
        Assert.Equal(placements.Average(), report.TieAwareMapAtK["all"], 12);
    }

    [Fact]
    public void WideMultiLabelMasks_AgreeWithTheReference()
    {
        var rng = new Random(5);
        int classes = 130, m = 60;
        byte[] Hot(int rows) => Enumerable.Range(0, rows * classes).Select(_ => (byte)(rng.Next(40) == 0 ? 1 : 0)).ToArray();
        var queryLabels = new LabelMatrix(5, classes, Hot(5));
        var databaseLabels = new LabelMatrix(m, classes, Hot(m));
        var queries = RetrievalCase.Codes(rng, 5, 12);
        var database = RetrievalCase.Codes(rng, m, 12);
        var report = HammingRetrieval.Evaluate(queries, database, Relevance.Between(queryLabels, databaseLabels), RetrievalOptions.MapOnly(10, RetrievalOptions.All));
        Assert.Equal(ReferenceRetrieval.MeanAveragePrecision(queries, database, queryLabels, databaseLabels, 10), report.MapAtK["10"], 12);
        Assert.Equal(ReferenceRetrieval.MeanAveragePrecision(queries, database, queryLabels, databaseLabels, int.MaxValue), report.MapAtK["all"], 12);
    }

    [Fact]
    public void FastPath_EqualsFullSortReference_OnRandomData()
    {
        Gen.Int[0, 10_000_000].Sample(seed =>
        {
            var c = RetrievalCase.Random(seed, maxBits: seed % 3 == 0 ? 200 : 8, multiLabel: seed % 2 == 0);
            var report = HammingRetrieval.Evaluate(c.Queries, c.Database, c.Relevance, RetrievalOptions.MapOnly(1, 5, RetrievalOptions.All));
            foreach (var k in new[] { 1, 5, RetrievalOptions.All })
                Assert.Equal(ReferenceRetrieval.MeanAveragePrecision(c.Queries, c.Database, c.QueryLabels, c.DatabaseLabels, k),
                    report.MapAtK[RetrievalOptions.Label(k)], 12);
            for (int q = 0; q < c.Queries.Count; q++)
                Assert.Equal(ReferenceRetrieval.Rank(c.Queries, q, c.Database), HammingRanking.Rank(c.Queries, q, c.Database).Select(n => n.Row));
        }, iter: 200);
    }

    [Fact]
    public void EveryMetric_LiesInZeroOne()
    {
        Gen.Int[0, 10_000_000].Sample(seed =>
        {
            var c = RetrievalCase.Random(seed, multiLabel: seed % 2 == 1);
            var report = HammingRetrieval.Evaluate(c.Queries, c.Database, c.Relevance, new RetrievalOptions([1, 7, RetrievalOptions.All], [1, 10]));
            var values = report.MapAtK.Values.Concat(report.TieAwareMapAtK.Values).Append(report.PrecisionRadius2)
                .Concat(report.PrecisionRecallAtN.SelectMany(p => new[] { p.Precision, p.Recall }))
                .Concat(report.PrecisionRecallByRadius.SelectMany(p => new[] { p.Precision, p.Recall }));
            Assert.All(values, v => Assert.InRange(v, 0, 1));
        }, iter: 200);
    }

    [Fact]
    public void PerfectCodes_GiveMapOne()
    {
        Gen.Int[0, 10_000_000].Sample(seed =>
        {
            var rng = new Random(seed);
            int classes = rng.Next(2, 6), m = rng.Next(classes, 50), q = rng.Next(1, 8);
            var dbClasses = Enumerable.Range(0, m).Select(i => i < classes ? i : rng.Next(classes)).ToArray();
            var queryClasses = Enumerable.Range(0, q).Select(_ => rng.Next(classes)).ToArray();
            // Class c ↦ the 8-bit code of c: same class at distance 0, other classes at distance ≥ 1.
            HashCodes Encode(int[] ids) => HashCodes.From(ids.SelectMany(c => Enumerable.Range(0, 8).Select(b => (c >> b & 1) == 1 ? 1f : -1f)).ToArray(), ids.Length, 8);
            var report = HammingRetrieval.Evaluate(Encode(queryClasses), Encode(dbClasses),
                Relevance.Between(LabelMatrix.FromClassIds(queryClasses, classes), LabelMatrix.FromClassIds(dbClasses, classes)),
                RetrievalOptions.MapOnly(3, RetrievalOptions.All));
            Assert.Equal(1, report.MapAtK["all"], 12);
            Assert.Equal(1, report.MapAtK["3"], 12);
            Assert.Equal(1, report.TieAwareMapAtK["all"], 12);
        }, iter: 100);
    }

    [Fact]
    public void TieAwareMap_IsUnchangedByPermutingTheDatabase()
    {
        Gen.Int[0, 10_000_000].Sample(seed =>
        {
            var c = RetrievalCase.Random(seed, multiLabel: seed % 2 == 0);
            var shuffle = new Random(seed + 1);
            var permutation = Enumerable.Range(0, c.Database.Count).OrderBy(_ => shuffle.Next()).ToArray();
            var options = RetrievalOptions.MapOnly(1, 4, RetrievalOptions.All);
            var original = HammingRetrieval.Evaluate(c.Queries, c.Database, c.Relevance, options);
            var permuted = HammingRetrieval.Evaluate(c.Queries, c.Database.Select(permutation),
                Relevance.Between(c.QueryLabels, c.DatabaseLabels.Select(permutation)), options);
            foreach (var (label, value) in original.TieAwareMapAtK) Assert.Equal(value, permuted.TieAwareMapAtK[label], 9);
        }, iter: 200);
    }

    [Fact]
    public void Results_DoNotDependOnTheThreadCount()
    {
        var c = RetrievalCase.Random(11, maxQueries: 200, maxDatabase: 300, maxBits: 16);
        var one = HammingRetrieval.Evaluate(c.Queries, c.Database, c.Relevance, RetrievalOptions.Default with { Threads = 1 });
        var all = HammingRetrieval.Evaluate(c.Queries, c.Database, c.Relevance, RetrievalOptions.Default);
        Assert.Equal(one.MapAtK, all.MapAtK);
        Assert.Equal(one.TieAwareMapAtK, all.TieAwareMapAtK);
        Assert.Equal(one.PrecisionRecallByRadius, all.PrecisionRecallByRadius);
        Assert.Equal(one.PrecisionRecallAtN, all.PrecisionRecallAtN);
    }

    [Fact]
    public void MismatchedCounts_AreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => HammingRetrieval.Evaluate(HandQuery, HandDatabase,
            Relevance.Between(HandQueryLabels, LabelMatrix.FromClassIds([0, 1], 2))));
        Assert.Contains("5 database codes but 2 database label rows", error.Message);
    }

    [Fact]
    public void FullJson_CarriesTheContractKeysAndBothCurves()
    {
        using var json = System.Text.Json.JsonDocument.Parse(RetrievalReportJson.Full(EvaluateHand(2, RetrievalOptions.All)));
        var root = json.RootElement;
        Assert.Equal(0.5, root.GetProperty("map").GetProperty("2").GetDouble(), 12);
        Assert.Equal(5, root.GetProperty("precision_recall_by_radius").GetArrayLength());
        Assert.Equal(2.0 / 3, root.GetProperty("precision_recall_at_n")[1].GetProperty("precision").GetDouble(), 12);
    }
}
