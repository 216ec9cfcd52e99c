namespace Dsch.Data;

/// <summary>
/// How a split is drawn (docs/protocol.md, "Splits"). <paramref name="PerClass"/> protocols take <paramref name="Queries"/> and
/// <paramref name="Train"/> images <i>per class</i>; the others take that many in total. Queries come from
/// the images with at least one label; the database is every other labelled image; training images are
/// drawn from the database. Images without any label belong to no set (counted as excluded).
/// </summary>
/// <param name="Name">Protocol name, part of the split file name.</param>
/// <param name="PerClass">True: counts are per class; false: totals drawn uniformly.</param>
/// <param name="Queries">Query images (per class or total).</param>
/// <param name="Train">Training images (per class or total).</param>
/// <remarks>
/// Multi-label per-class sampling [decision]: classes are visited rarest first (ties by class id); each class
/// draws from the images carrying it that no earlier class has taken, so no image is drawn twice and rare
/// concepts are not exhausted by frequent ones. Queries are drawn for all classes first, then training images
/// from the database. For single-label data this is plain per-class sampling.
/// </remarks>
public sealed record SplitProtocol(string Name, bool PerClass, int Queries, int Train)
{
    /// <summary>Fashion-MNIST, CIFAR-10: 100 queries and 500 training images per class; database = the rest.</summary>
    public static SplitProtocol SingleLabel { get; } = new("single-label", true, 100, 500);

    /// <summary>FLICKR25K: 2,000 random queries among labelled images, 5,000 training images from the database.</summary>
    public static SplitProtocol Flickr25k { get; } = new("flickr25k", false, 2000, 5000);

    /// <summary>NUS-WIDE-21: 100 queries and 500 training images per concept among images with ≥ 1 of the 21 concepts.</summary>
    public static SplitProtocol NusWide21 { get; } = new("nuswide21", true, 100, 500);
}
