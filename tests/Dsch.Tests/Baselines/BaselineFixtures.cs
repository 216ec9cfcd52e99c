using Dsch.Baselines;

namespace Dsch.Tests.Baselines;

static class BaselineFixtures
{
    /// <summary>Four Gaussian clusters in D dimensions (cluster id = row % 4), seeded.</summary>
    public static FeatureMatrix Clusters(int rows, int dimensions, int seed)
    {
        var rng = new Random(seed);
        var centres = Enumerable.Range(0, 4 * dimensions).Select(_ => rng.NextDouble() * 10 - 5).ToArray();
        var values = new double[rows * dimensions];
        for (int i = 0; i < rows; i++)
            for (int d = 0; d < dimensions; d++)
                values[i * dimensions + d] = centres[(i % 4) * dimensions + d] + (rng.NextDouble() - 0.5) * 2;
        return new FeatureMatrix(values, rows, dimensions);
    }
}
