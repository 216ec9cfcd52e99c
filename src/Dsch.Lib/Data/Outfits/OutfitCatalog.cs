using Dsch.Data.Mosaics;

namespace Dsch.Data.Outfits;

/// <summary>
/// The fixed design of the <c>fashion-outfits</c> benchmark: the outfit templates (co-occurrence), the item groups
/// (homology), the mosaic grid and the shares the generator draws with. Changing anything here changes the
/// generated images: bump <see cref="OutfitGenerator.Version"/> with it.
/// </summary>
/// <remarks>
/// [decision] Six templates, 2–4 items each, chosen so that classes are shared across outfits (Trouser in four,
/// T-shirt/top, Sandal, Sneaker, Ankle boot and Bag in two or more) — relevance by one shared label is then a real
/// co-occurrence question, not a template id. Class ids: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat,
/// 5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot.
/// </remarks>
public static class OutfitCatalog
{
    /// <summary>A 56 × 56 canvas: 2 × 2 cells of one 28 × 28 Fashion-MNIST item each.</summary>
    public static readonly MosaicGrid Grid = new(GridSide: 2, ItemSide: 28);

    /// <summary>Probability that each optional item of a template is worn.</summary>
    public const double OptionalProbability = 0.5;

    /// <summary>Share of mosaics in which one item (chosen uniformly) is replaced by a class outside the outfit (label noise).</summary>
    public const double OffTemplateShare = 0.1;

    /// <summary>The outfit templates, in id order.</summary>
    public static readonly IReadOnlyList<OutfitTemplate> Templates =
    [
        new("summer", Required: [0, 5], Optional: [1, 8]),   // T-shirt/top + Sandal (+ Trouser) (+ Bag)
        new("office", Required: [6, 1, 9], Optional: [8]),   // Shirt + Trouser + Ankle boot (+ Bag)
        new("party", Required: [3, 5], Optional: [8]),       // Dress + Sandal (+ Bag)
        new("sport", Required: [0, 7], Optional: [1]),       // T-shirt/top + Sneaker (+ Trouser)
        new("winter", Required: [4, 1, 9], Optional: [2]),   // Coat + Trouser + Ankle boot (+ Pullover)
        new("casual", Required: [2, 1, 7], Optional: [8]),   // Pullover + Trouser + Sneaker (+ Bag)
    ];

    /// <summary>The item groups (coarse concepts); every class is in exactly one.</summary>
    public static readonly IReadOnlyList<ItemGroup> Groups =
    [
        new("tops", [0, 2, 4, 6]),
        new("bottoms/dresses", [1, 3]),
        new("footwear", [5, 7, 9]),
        new("bag", [8]),
    ];

    /// <summary>The index in <see cref="Groups"/> of Fashion-MNIST class <paramref name="classId"/>.</summary>
    public static int GroupOf(int classId)
    {
        for (int g = 0; g < Groups.Count; g++)
            if (Groups[g].Classes.Contains(classId)) return g;
        throw new ArgumentOutOfRangeException(nameof(classId), $"class {classId} is in no item group");
    }
}
