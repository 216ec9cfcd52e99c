using Dsch.Data.Mosaics;

namespace Dsch.Data.MosaicLists;

/// <summary>
/// The fixed design of the <c>mosaic-list</c> image list (<see cref="MosaicListGenerator"/>): an 84 × 84 grey canvas,
/// a 3 × 3 grid of 28 × 28 cells of which 2 or 3 hold Fashion-MNIST items at random cells (the rest black), and the
/// class co-occurrence the items are drawn with. Changing anything here changes the generated images: bump
/// <see cref="MosaicListGenerator.Version"/> with it.
/// </summary>
/// <remarks>
/// [decision] It is built to differ from <c>fashion-outfits</c> (2 × 2 grid, 2–4 items from six outfit templates):
/// sparse layouts (two or three of nine cells, so an item's position varies far more), fewer items, and a
/// pairwise co-occurrence instead of templates — the first item's class is uniform, and each further item is, with
/// probability <see cref="CompanionProbability"/>, one of that class's two <see cref="Companions"/> (else a uniform
/// class not yet shown). So every class co-occurs with every other sometimes, and with its companions often.
/// Class ids: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot.
/// </remarks>
public static class MosaicListDesign
{
    /// <summary>An 84 × 84 canvas: 3 × 3 cells of one 28 × 28 Fashion-MNIST item each.</summary>
    public static readonly MosaicGrid Grid = new(GridSide: 3, ItemSide: 28);

    /// <summary>Number of classes (Fashion-MNIST's ten).</summary>
    public const int Classes = 10;

    /// <summary>Probability that an image holds a third item (else two).</summary>
    public const double ThirdItemProbability = 0.5;

    /// <summary>Probability that a further item is a companion of the first item's class (else a uniform class not yet shown).</summary>
    public const double CompanionProbability = 0.75;

    /// <summary>The two companion classes of each class, by class id.</summary>
    public static readonly IReadOnlyList<int[]> Companions =
    [
        [1, 7], // T-shirt/top: Trouser, Sneaker
        [6, 9], // Trouser: Shirt, Ankle boot
        [1, 8], // Pullover: Trouser, Bag
        [5, 8], // Dress: Sandal, Bag
        [9, 8], // Coat: Ankle boot, Bag
        [3, 0], // Sandal: Dress, T-shirt/top
        [1, 9], // Shirt: Trouser, Ankle boot
        [0, 2], // Sneaker: T-shirt/top, Pullover
        [3, 4], // Bag: Dress, Coat
        [4, 1], // Ankle boot: Coat, Trouser
    ];
}
