using Dsch.Retrieval;

namespace Dsch.Tests.Retrieval;

/// <summary>The evaluation a finished run reports, and the validation protocol's scaled cut-off.</summary>
public class RetrievalOptionsTests
{
    [Theory]
    [InlineData(1000, new[] { 1000, 5000, int.MaxValue })]
    [InlineData(5000, new[] { 5000, 1000, int.MaxValue })]
    public void EveryReport_HasBothProtocolsCutOffs_PrimaryFirst(int primary, int[] expected) =>
        Assert.Equal(expected, RetrievalOptions.Report(primary).TopK);

    [Fact]
    public void Report_AddsTheScaledCutOffLast_AndKeepsTheDefaultCurves()
    {
        var report = RetrievalOptions.Report(1000, scaledTopK: 65);
        Assert.Equal([1000, 5000, RetrievalOptions.All, 65], report.TopK);
        Assert.Equal(RetrievalOptions.Default.PrecisionAtN, report.PrecisionAtN);
        Assert.True(report.RadiusCurves);
    }

    [Theory]
    [InlineData(1000, 4500, 69000, 65)]
    [InlineData(1000, 3, 69000, 1)]
    [InlineData(5000, 10000, 10000, 5000)]
    public void ScaledTopK_AsksOfTheValidationDatabaseWhatKAsksOfTheTestDatabase(int topK, long validation, long test, int expected) =>
        Assert.Equal(expected, RetrievalOptions.ScaledTopK(topK, validation, test));
}
