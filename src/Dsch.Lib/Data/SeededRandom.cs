namespace Dsch.Data;

/// <summary>
/// A small, fully specified pseudo-random generator (SplitMix64, Steele, Lea &amp; Flood 2014) so that
/// splits and augmentations are identical on every machine and .NET version, independent of
/// <see cref="System.Random"/>'s implementation.
/// </summary>
/// <remarks>[decision] One generator, derived per purpose with <see cref="Derive"/>, never shared between threads.</remarks>
public sealed class SeededRandom
{
    ulong _state;

    /// <summary>A generator whose whole stream is fixed by <paramref name="seed"/>.</summary>
    public SeededRandom(ulong seed) => _state = seed;

    /// <summary>A generator for one purpose keyed by a seed and up to three integers (e.g. image index, epoch, view).</summary>
    public static SeededRandom Derive(long seed, long a = 0, long b = 0, long c = 0)
    {
        ulong h = Mix((ulong)seed ^ 0x243F6A8885A308D3UL);
        h = Mix(h ^ (ulong)a);
        h = Mix(h ^ ((ulong)b * 0x9E3779B97F4A7C15UL));
        h = Mix(h ^ ((ulong)c * 0xC2B2AE3D27D4EB4FUL));
        return new SeededRandom(h);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform integer in [0, <paramref name="n"/>) without modulo bias (rejection).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), "need n ≥ 1");
        ulong limit = ulong.MaxValue - ulong.MaxValue % (ulong)n;
        ulong x;
        do x = NextUInt64(); while (x >= limit);
        return (int)(x % (ulong)n);
    }

    /// <summary>Fisher–Yates shuffle of <paramref name="items"/> in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
