namespace Dsch.Data.MosaicLists;

/// <summary>
/// What <see cref="MosaicListGenerator.Compose"/> decided: for every image, which pooled Fashion-MNIST item sits in
/// each of its nine cells (−1 = empty), its multi-hot labels, and which database images are training images.
/// Images <c>0 … DatabaseCount−1</c> are the database (training items only), the rest the queries (test items only).
/// </summary>
/// <param name="Cells">(N × 9) pooled Fashion-MNIST item per cell, row-major cells, −1 for an empty cell.</param>
/// <param name="Labels">(N × 10) multi-hot labels: the classes shown.</param>
/// <param name="DatabaseCount">How many leading images are database images.</param>
/// <param name="Train">Training images (ascending database indices).</param>
public sealed record MosaicListRecipe(int[] Cells, LabelMatrix Labels, int DatabaseCount, int[] Train)
{
    /// <summary>Number of images.</summary>
    public int Count => Labels.Count;

    /// <summary>SHA-256 (hex) of the cells and the training indices: two recipes with equal hashes write the same lists and images.</summary>
    public string CompositionHash()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var cell in Cells) hash.AppendData(BitConverter.GetBytes(cell));
        hash.AppendData(BitConverter.GetBytes(DatabaseCount));
        foreach (var t in Train) hash.AppendData(BitConverter.GetBytes(t));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
