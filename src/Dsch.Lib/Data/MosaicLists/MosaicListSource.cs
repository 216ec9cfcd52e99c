using Dsch.Data.Formats;
using Dsch.Data.Mosaics;

namespace Dsch.Data.MosaicLists;

/// <summary>The <c>dsch data mosaic-list</c> pipeline: read Fashion-MNIST, compose the recipe, write the list folder.</summary>
public static class MosaicListSource
{
    /// <summary>
    /// Generates the list of <paramref name="size"/> and <paramref name="seed"/> from the Fashion-MNIST files in
    /// <paramref name="fashionMnistRoot"/> into the new folder <paramref name="folder"/>; returns the recipe.
    /// </summary>
    public static MosaicListRecipe Generate(string fashionMnistRoot, string folder, MosaicListSize size, int seed)
    {
        var (raw, sourceHash) = MosaicItems.ReadFashionMnist(fashionMnistRoot, MosaicListDesign.Grid, "the mosaics");
        var recipe = MosaicListGenerator.Compose(raw.ClassIds, raw.TrainCount, size, seed);
        MosaicListWriter.Write(folder, recipe, raw.Pixels, FashionMnistReader.ClassNames, seed, sourceHash);
        return recipe;
    }
}
