using Dsch.Data.Mosaics;
using Dsch.Data.Outfits;

namespace Dsch.Data.Formats;

/// <summary>
/// <c>fashion-outfits</c>: reads Fashion-MNIST from <c>root</c> (the Debian package's folder or any
/// folder with its four IDX files) and generates the mosaics, labels and split of <c>seed</c>
/// (<see cref="OutfitGenerator"/>). The split comes with the content; <see cref="DatasetCatalog"/> checks it
/// against the committed split file.
/// </summary>
internal static class FashionOutfitsReader
{
    public static DatasetContent Read(string root, int seed)
    {
        var (raw, sourceHash) = MosaicItems.ReadFashionMnist(root, OutfitCatalog.Grid, "the outfits");
        var recipe = OutfitGenerator.Compose(raw.ClassIds, raw.TrainCount, seed);
        var split = OutfitGenerator.Split(recipe, OutfitGenerator.StampOf(recipe, seed, sourceHash));
        var images = new MosaicImageSource(recipe, raw.Pixels, raw.Describe);
        return new DatasetContent(FashionMnistReader.ClassNames, recipe.Labels, images, GeneratedSplit: split);
    }
}
