using Dsch.Data.Images;
using Dsch.Data.Mosaics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Data.Outfits;

/// <summary>
/// The mosaics of an <see cref="OutfitRecipe"/>, composed on demand from the Fashion-MNIST pixels held in memory:
/// a 56 × 56 grey image whose four 28 × 28 cells hold the recipe's items (empty cells black). Nothing is written to disk.
/// </summary>
internal sealed class MosaicImageSource(OutfitRecipe recipe, byte[] sourcePixels, Func<int, string> describeSource) : IImageSource
{
    static readonly MosaicGrid Grid = OutfitCatalog.Grid;

    public int Count => recipe.Count;

    /// <summary>The grey pixels (56 × 56, row-major) of mosaic <paramref name="index"/>.</summary>
    public byte[] Compose(int index)
    {
        Check(index);
        return Grid.Compose(recipe.Cells.AsSpan(index * Grid.Cells, Grid.Cells), sourcePixels);
    }

    public Image<Rgb24> Load(int index)
    {
        var grey = Compose(index);
        var rgb = new Rgb24[grey.Length];
        for (int p = 0; p < grey.Length; p++) rgb[p] = new Rgb24(grey[p], grey[p], grey[p]);
        return Image.LoadPixelData<Rgb24>(rgb, Grid.ImageSide, Grid.ImageSide);
    }

    public string Describe(int index)
    {
        Check(index);
        var template = OutfitCatalog.Templates[recipe.TemplateIds[index]].Name + (recipe.OffTemplate[index] ? ", one item off-template" : "");
        var items = Enumerable.Range(0, Grid.Cells).Select(c => recipe.Cells[index * Grid.Cells + c])
            .Select(source => source < 0 ? "empty" : describeSource(source));
        return $"fashion-outfits mosaic {index} ({template}; cells: {string.Join("; ", items)})";
    }

    public void Check(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"index {index} outside [0, {Count})");
    }
}
