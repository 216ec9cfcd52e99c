namespace Dsch.Baselines;

/// <summary>
/// Standard normal samples from a seeded <see cref="Random"/> (Box–Muller). Seeded <see cref="Random"/>
/// uses a fixed algorithm, so the same seed gives the same numbers on every machine and .NET version.
/// </summary>
internal sealed class GaussianSampler(int seed)
{
    readonly Random _random = new(seed);

    /// <summary><paramref name="count"/> independent N(0, 1) values.</summary>
    public double[] Next(int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i += 2)
        {
            double u1 = 1.0 - _random.NextDouble(), u2 = _random.NextDouble();  // u1 in (0, 1]
            double radius = Math.Sqrt(-2.0 * Math.Log(u1));
            values[i] = radius * Math.Cos(2 * Math.PI * u2);
            if (i + 1 < count) values[i + 1] = radius * Math.Sin(2 * Math.PI * u2);
        }
        return values;
    }
}
