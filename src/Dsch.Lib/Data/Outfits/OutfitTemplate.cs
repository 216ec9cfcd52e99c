namespace Dsch.Data.Outfits;

/// <summary>
/// One outfit of the <c>fashion-outfits</c> benchmark: Fashion-MNIST classes that are always worn together
/// (<paramref name="Required"/>) and classes each added with probability ½ (<paramref name="Optional"/>).
/// Class ids are Fashion-MNIST's (0 T-shirt/top … 9 Ankle boot).
/// </summary>
/// <param name="Name">Template name (summer, office, …).</param>
/// <param name="Required">Classes every mosaic of this outfit shows.</param>
/// <param name="Optional">Classes added independently with probability <see cref="OutfitCatalog.OptionalProbability"/>.</param>
public sealed record OutfitTemplate(string Name, IReadOnlyList<int> Required, IReadOnlyList<int> Optional)
{
    /// <summary>Fewest items a mosaic of this outfit shows.</summary>
    public int MinItems => Required.Count;

    /// <summary>Most items a mosaic of this outfit shows.</summary>
    public int MaxItems => Required.Count + Optional.Count;
}
