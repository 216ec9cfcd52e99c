namespace Dsch.Data.Outfits;

/// <summary>
/// A coarse concept of the outfits benchmark (homology): the Fashion-MNIST classes that play one role in an
/// outfit. Notebooks and tests compare DSCH's coarse components with these groups.
/// </summary>
/// <param name="Name">tops, bottoms/dresses, footwear or bag.</param>
/// <param name="Classes">Fashion-MNIST class ids in the group.</param>
public sealed record ItemGroup(string Name, IReadOnlyList<int> Classes);
