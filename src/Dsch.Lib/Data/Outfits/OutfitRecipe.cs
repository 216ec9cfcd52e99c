namespace Dsch.Data.Outfits;

/// <summary>
/// What <see cref="OutfitGenerator"/> composed: for each mosaic its template, whether an item is off-template, and
/// the pooled Fashion-MNIST index shown in each of its four cells (−1 = empty, black). Mosaics 0…<see cref="DatabaseCount"/>−1
/// are built from Fashion-MNIST training items only, the rest (the queries) from test items only.
/// </summary>
/// <param name="Cells">N × 4 source indices, row-major; cell c of a mosaic sits at row c / 2, column c % 2.</param>
/// <param name="TemplateIds">Template id (<see cref="OutfitCatalog.Templates"/>) of each mosaic.</param>
/// <param name="OffTemplate">True where one item was replaced by a class outside the template.</param>
/// <param name="Labels">Multi-hot labels over the 10 classes (the classes shown).</param>
/// <param name="DatabaseCount">Mosaics made from training items (the database), first in pooled order.</param>
public sealed record OutfitRecipe(int[] Cells, int[] TemplateIds, bool[] OffTemplate, LabelMatrix Labels, int DatabaseCount)
{
    /// <summary>Number of mosaics.</summary>
    public int Count => TemplateIds.Length;

    /// <summary>SHA-256 (hex) of the cells, template ids and off-template flags: changes whenever any mosaic changes.</summary>
    public string CompositionHash()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var cell in Cells) hash.AppendData(BitConverter.GetBytes(cell));
        foreach (var template in TemplateIds) hash.AppendData(BitConverter.GetBytes(template));
        foreach (var off in OffTemplate) hash.AppendData([off ? (byte)1 : (byte)0]);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
