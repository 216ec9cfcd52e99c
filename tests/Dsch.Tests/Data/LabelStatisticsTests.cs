using Dsch.Data;
using Xunit;

namespace Dsch.Tests.Data;

public class LabelStatisticsTests
{
    [Fact]
    public void FewLabels_AreAllCounted_WithTheFullTable()
    {
        // rows: {0,1}, {1,2}, {0,1,2}, {} — pair (0,1) twice, (1,2) twice, (0,2) once.
        var labels = new LabelMatrix(4, 3, [1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0]);
        var statistics = LabelStatistics.Of(labels);
        Assert.True(statistics.CoversAllLabels);
        Assert.Equal([0, 1, 2], statistics.PairLabels);
        Assert.Equal([2, 3, 2], statistics.LabelCounts);
        Assert.Equal([1, 0, 2, 1], statistics.ImagesByLabelCount);
        Assert.Equal((2, 2, 1, 3), (statistics.Cooccurrence[0, 1], statistics.Cooccurrence[1, 2], statistics.Cooccurrence[0, 2], statistics.Cooccurrence[1, 1]));
        Assert.Equal(0, statistics.UncountedPairBound);
    }

    [Fact]
    public void ManyLabels_CountPairsAmongTheMostFrequent_AndBoundTheRest()
    {
        // Label c is carried by the first (C − c) / 10 + 1 images: counts fall with c, so the counted labels are 0 … 255
        // and the most frequent label left out is 256.
        const int C = 300, N = 40;
        var hot = new byte[N * C];
        for (int c = 0; c < C; c++)
            for (int i = 0; i < (C - c) / 10 + 1; i++) hot[i * C + c] = 1;
        var statistics = LabelStatistics.Of(new LabelMatrix(N, C, hot));
        Assert.False(statistics.CoversAllLabels);
        Assert.Equal(Enumerable.Range(0, LabelStatistics.MaxPairLabels), statistics.PairLabels);
        Assert.Equal((LabelStatistics.MaxPairLabels, LabelStatistics.MaxPairLabels),
            (statistics.Cooccurrence.GetLength(0), statistics.Cooccurrence.GetLength(1)));
        Assert.Equal((C - 256) / 10 + 1, statistics.UncountedPairBound);
        Assert.Equal(Math.Min((C - 3) / 10 + 1, (C - 200) / 10 + 1), statistics.Cooccurrence[3, 200]);
        Assert.Equal((C - 0) / 10 + 1, statistics.LabelCounts[0]);
    }
}
