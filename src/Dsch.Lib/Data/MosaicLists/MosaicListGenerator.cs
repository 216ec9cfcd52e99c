using Dsch.Data.Mosaics;

namespace Dsch.Data.MosaicLists;

/// <summary>
/// Generates the <c>mosaic-list</c> multi-hot image list from Fashion-MNIST's labels and a seed alone: images of 2–3
/// co-occurring items on a sparse 3 × 3 grid (<see cref="MosaicListDesign"/>), the database composed only of
/// Fashion-MNIST training items, the queries only of test items (leakage-free), and training images drawn from the
/// database. <see cref="MosaicListWriter"/> writes it in the <c>imagelist</c> format.
/// </summary>
/// <remarks>
/// Image m draws from its own stream <c>SeededRandom.Derive(seed, 5, m)</c>, in this order: the first class
/// (uniform), whether a third item is shown (probability ½), each further class (a companion of the first class
/// with probability ¾ unless both are shown already, else uniform among the classes not shown); then
/// <see cref="MosaicGrid.Place"/> draws the cells (a shuffle of the nine, the first ones taken) and for each item a
/// uniform instance of its class from its part's pool (with replacement across images). Training images: a Fisher–Yates shuffle of the database with
/// <c>Derive(seed, 6)</c>, the first <see cref="MosaicListSize.Train"/>, ascending.
/// </remarks>
public static class MosaicListGenerator
{
    /// <summary>Generator name recorded in the list's <c>mosaic-list.json</c>.</summary>
    public const string Name = "mosaic-list";

    /// <summary>Bump whenever anything changes the generated images, labels or lists (design, draw order, file layout).</summary>
    public const int Version = 1;

    /// <summary>Composes the recipe; <paramref name="sourceLabels"/> are Fashion-MNIST's pooled class ids (60,000 training then 10,000 test).</summary>
    /// <param name="sourceLabels">Class id (0–9) of each pooled Fashion-MNIST item.</param>
    /// <param name="trainItems">How many leading pooled items are training items (60,000).</param>
    /// <param name="size">Database, query and training counts.</param>
    /// <param name="seed">Generator seed.</param>
    public static MosaicListRecipe Compose(IReadOnlyList<int> sourceLabels, int trainItems, MosaicListSize size, int seed)
    {
        var items = new MosaicItems(sourceLabels, trainItems, MosaicListDesign.Classes, Name);
        var layout = MosaicListDesign.Grid.Place(items, size.Database + size.Queries, size.Database, seed, stream: 5, (random, _) => ClassesOf(random));
        var shuffled = Enumerable.Range(0, size.Database).ToArray();
        SeededRandom.Derive(seed, 6).Shuffle(shuffled);
        var train = shuffled[..size.Train].Order().ToArray();
        return new MosaicListRecipe(layout.Cells, layout.Labels, size.Database, train);
    }

    /// <summary>The classes of one image: a uniform first class, then one or two more drawn with the co-occurrence of <see cref="MosaicListDesign"/>.</summary>
    static List<int> ClassesOf(SeededRandom random)
    {
        var items = new List<int> { random.NextInt(MosaicListDesign.Classes) };
        int count = random.NextDouble() < MosaicListDesign.ThirdItemProbability ? 3 : 2;
        while (items.Count < count)
        {
            var companions = MosaicListDesign.Companions[items[0]].Where(c => !items.Contains(c)).ToArray();
            bool companion = random.NextDouble() < MosaicListDesign.CompanionProbability && companions.Length > 0;
            var candidates = companion ? companions : Enumerable.Range(0, MosaicListDesign.Classes).Where(c => !items.Contains(c)).ToArray();
            items.Add(candidates[random.NextInt(candidates.Length)]);
        }
        return items;
    }
}
