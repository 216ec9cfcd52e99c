using Dsch.Retrieval;

namespace Dsch.Baselines;

/// <summary>
/// A fitted classical hashing method: maps features (N, D) to continuous projections (N, L) whose
/// signs are the codes (<c>sign(0) = +1</c>, docs/protocol.md).
/// </summary>
public abstract class Hasher
{
    /// <summary>Short method name: lsh, pcah, itq or sh.</summary>
    public abstract string Method { get; }

    /// <summary>L, the code length.</summary>
    public abstract int Bits { get; }

    /// <summary>Continuous projections, row-major (N, L).</summary>
    public abstract double[] Project(FeatureMatrix features);

    /// <summary>The packed binary codes of <paramref name="features"/>.</summary>
    public HashCodes Encode(FeatureMatrix features) => HashCodes.From(Project(features), features.Rows, Bits);

    /// <summary>Fits <paramref name="method"/> (lsh, pcah, itq, sh) on <paramref name="train"/>.</summary>
    /// <exception cref="ArgumentException">Unknown method, or bits not supported for these features.</exception>
    public static Hasher Fit(string method, FeatureMatrix train, int bits, int seed) => method switch
    {
        "lsh" => LshHasher.Fit(train, bits, seed),
        "pcah" => PcahHasher.Fit(train, bits),
        "itq" => ItqHasher.Fit(train, bits, seed),
        "sh" => SpectralHasher.Fit(train, bits),
        _ => throw new ArgumentException($"unknown method '{method}' (expected lsh, pcah, itq or sh)"),
    };

    /// <summary>The method names <see cref="Fit"/> accepts.</summary>
    public static IReadOnlyList<string> Methods { get; } = ["lsh", "pcah", "itq", "sh"];
}
