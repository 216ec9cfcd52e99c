namespace Dsch.Data;

/// <summary>
/// Identifies a generated dataset (e.g. <c>fashion-outfits</c>): which generator version made it from which source
/// data with which seed, and a hash of what it composed. Recorded in the split file and in the feature cache key,
/// so a split or cache made by another generator version is refused instead of being mixed with this one.
/// </summary>
/// <param name="Name">Generator name.</param>
/// <param name="Version">Generator version; bumped whenever the generated images or labels change.</param>
/// <param name="Seed">Generator seed (the split seed).</param>
/// <param name="SourceHash">SHA-256 of the source data's labels (<see cref="LabelMatrix.ContentHash"/>).</param>
/// <param name="CompositionHash">SHA-256 (hex) of the generated recipe (which source item sits in which cell of which image).</param>
public sealed record GeneratorStamp(string Name, int Version, int Seed, string SourceHash, string CompositionHash)
{
    /// <summary>One line for cache keys and messages: name, version, seed, the first 16 hex digits of the source hash and the composition hash.</summary>
    public string Id => $"{Name} v{Version} seed {Seed} source {SourceHash[..Math.Min(16, SourceHash.Length)]} composition {CompositionHash}";
}
