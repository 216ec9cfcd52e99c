using Dsch.Baselines;
using Dsch.Data;
using Dsch.Retrieval;

namespace Dsch.Tests.Baselines;

public class HasherTests
{
    static readonly FeatureMatrix Train = BaselineFixtures.Clusters(400, 24, seed: 1);
    static readonly FeatureMatrix Other = BaselineFixtures.Clusters(100, 24, seed: 2);

    [Fact]
    public void ItqQuantisationLoss_IsNonIncreasing_AndDrops()
    {
        var itq = ItqHasher.Fit(Train, 16, seed: 3);
        Assert.Equal(ItqHasher.DefaultIterations + 1, itq.QuantizationLoss.Count);
        for (int t = 1; t < itq.QuantizationLoss.Count; t++)
            Assert.True(itq.QuantizationLoss[t] <= itq.QuantizationLoss[t - 1] * (1 + 1e-12),
                $"loss rose at iteration {t}: {itq.QuantizationLoss[t - 1]} → {itq.QuantizationLoss[t]}");
        Assert.True(itq.QuantizationLoss[^1] < itq.QuantizationLoss[0]);
    }

    [Theory]
    [InlineData("lsh")]
    [InlineData("pcah")]
    [InlineData("itq")]
    [InlineData("sh")]
    public void SameSeed_GivesIdenticalCodes(string method)
    {
        var a = Hasher.Fit(method, Train, 16, seed: 7).Encode(Other);
        var b = Hasher.Fit(method, Train, 16, seed: 7).Encode(Other);
        Assert.Equal(a.Words.ToArray(), b.Words.ToArray());
    }

    [Theory]
    [InlineData("lsh")]
    [InlineData("itq")]
    public void DifferentSeeds_GiveDifferentCodes(string method)
    {
        var a = Hasher.Fit(method, Train, 16, seed: 7).Encode(Other);
        var b = Hasher.Fit(method, Train, 16, seed: 8).Encode(Other);
        Assert.NotEqual(a.Words.ToArray(), b.Words.ToArray());
    }

    [Fact]
    public void Pca_FindsTheDirectionOfLargestVariance()
    {
        // Points along (3, 4)/5 with small noise along (−4, 3)/5.
        var rng = new Random(4);
        var values = new List<double>();
        for (int i = 0; i < 200; i++)
        {
            double t = rng.NextDouble() * 20 - 10, e = (rng.NextDouble() - 0.5) * 0.1;
            values.AddRange([1 + 0.6 * t - 0.8 * e, 2 + 0.8 * t + 0.6 * e]);
        }
        var pca = PrincipalComponents.Fit(new FeatureMatrix([.. values], 200, 2), 1, out var eigenvalues);
        Assert.Equal(0.6, pca.Matrix[0], 3);   // sign fixed: largest entry (0.8) positive
        Assert.Equal(0.8, pca.Matrix[1], 3);
        Assert.True(eigenvalues[0] > 30);
    }

    [Fact]
    public void SpectralHashing_PicksTheLowestFrequencyModes_OfTheWidestDirection()
    {
        // A grid 4 wide along x and 1 along y: eigenvalues (mπ/R)² give x-modes 1, 2, 3 before y-mode 1 (tie with x-mode 4).
        var values = new List<double>();
        for (int i = 0; i <= 40; i++)
            for (int j = 0; j <= 10; j++) values.AddRange([i * 0.1, j * 0.1]);
        var sh = SpectralHasher.Fit(new FeatureMatrix([.. values], 41 * 11, 2), 3);
        Assert.Equal(new[] { (0, 1), (0, 2), (0, 3) }, sh.Modes);
        // Bit 0 is +1 on the lower half of x and −1 on the upper half (cos of half a period; PCA sign fixed).
        var codes = sh.Encode(new FeatureMatrix([0.5, 0.5, 3.5, 0.5], 2, 2)).ToSigns();
        Assert.NotEqual(codes[0], codes[3]);
    }

    [Fact]
    public void TrainedBaselines_RetrieveClustersBetterThanChance()
    {
        var queries = BaselineFixtures.Clusters(40, 24, seed: 1);   // same centres as Train
        var queryLabels = LabelMatrix.FromClassIds(Enumerable.Range(0, 40).Select(i => i % 4).ToArray(), 4);
        var databaseLabels = LabelMatrix.FromClassIds(Enumerable.Range(0, 400).Select(i => i % 4).ToArray(), 4);
        foreach (var method in Hasher.Methods)
        {
            var hasher = Hasher.Fit(method, Train, 16, seed: 1);
            var report = HammingRetrieval.Evaluate(hasher.Encode(queries), hasher.Encode(Train),
                Relevance.Between(queryLabels, databaseLabels), RetrievalOptions.MapOnly(100));
            Assert.True(report.MapAtK["100"] > 0.5, $"{method}: mAP@100 = {report.MapAtK["100"]}");
        }
    }

    [Fact]
    public void TooManyBitsForPca_AndWrongWidth_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => PcahHasher.Fit(Train, 25));
        Assert.Throws<ArgumentException>(() => ItqHasher.Fit(Train, 25, seed: 0));
        var narrow = new FeatureMatrix(new double[10 * 3], 10, 3);
        Assert.Throws<ArgumentException>(() => LshHasher.Fit(Train, 8, 0).Encode(narrow));
        Assert.Throws<ArgumentException>(() => new FeatureMatrix([1, double.NaN], 1, 2));
    }

    [Fact]
    public void LinearProjection_IsExactAcrossBatchBoundaries()
    {
        var rng = new Random(6);
        var features = new FeatureMatrix(Enumerable.Range(0, 9000 * 3).Select(_ => rng.NextDouble()).ToArray(), 9000, 3);
        var projection = new LinearProjection([0.5, 0.25, 0], [1, 2, 3, 4, 5, 6], 2);
        var projected = projection.Apply(features);
        foreach (var row in new[] { 0, 8191, 8192, 8999 })
        {
            var x = features.Values.AsSpan(row * 3, 3);
            Assert.Equal((x[0] - 0.5) * 1 + (x[1] - 0.25) * 3 + x[2] * 5, projected[row * 2], 12);
            Assert.Equal((x[0] - 0.5) * 2 + (x[1] - 0.25) * 4 + x[2] * 6, projected[row * 2 + 1], 12);
        }
    }
}
