namespace Dsch.Data;

/// <summary>
/// The three index lists of one evaluation split over a dataset's pooled images (docs/protocol.md, "Splits"):
/// <paramref name="Query"/> and <paramref name="Database"/> are disjoint; <paramref name="Train"/> is drawn
/// from the database for the seeded protocols (for <c>imagelist</c> it is whatever <c>train.txt</c> lists).
/// </summary>
/// <param name="Dataset">Dataset name, e.g. <c>fashion-mnist</c>.</param>
/// <param name="Protocol">Protocol name: <c>single-label</c>, <c>flickr25k</c>, <c>nuswide21</c> or <c>lists</c> (taken from list files).</param>
/// <param name="Seed">Seed the split was drawn with (0 for <c>lists</c>).</param>
/// <param name="Query">Query indices, ascending.</param>
/// <param name="Database">Database (retrieval set) indices, ascending.</param>
/// <param name="Train">Training indices, ascending.</param>
/// <param name="LabelHash"><see cref="LabelMatrix.ContentHash"/> of the pooled labels the split was made for.</param>
/// <param name="Generator">For generated datasets (<c>fashion-outfits</c>): the generator version, seed and composition
/// the split belongs to; null for datasets read from files.</param>
public sealed record DatasetSplit(string Dataset, string Protocol, int Seed, int[] Query, int[] Database, int[] Train, string LabelHash,
    GeneratorStamp? Generator = null)
{
    /// <summary>Pooled images in neither the query nor the database set (e.g. images without any label).</summary>
    public int ExcludedCount(int pooledCount) => pooledCount - Query.Length - Database.Length;
}
