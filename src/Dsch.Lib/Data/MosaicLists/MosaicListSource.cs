using Dsch.Data.Formats;

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
        var raw = FashionMnistReader.ReadRaw(fashionMnistRoot);
        if ((raw.Width, raw.Height) != (MosaicListDesign.ItemSide, MosaicListDesign.ItemSide))
            throw InvalidInputException.At(fashionMnistRoot, null, $"Fashion-MNIST images are {raw.Height}×{raw.Width}, the mosaics need {MosaicListDesign.ItemSide}×{MosaicListDesign.ItemSide}");
        var recipe = MosaicListGenerator.Compose(raw.ClassIds, raw.TrainCount, size, seed);
        var sourceHash = LabelMatrix.FromClassIds(raw.ClassIds, FashionMnistReader.ClassNames.Count).ContentHash();
        MosaicListWriter.Write(folder, recipe, raw.Pixels, FashionMnistReader.ClassNames, seed, sourceHash);
        return recipe;
    }
}
