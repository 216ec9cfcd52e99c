using Dsch.Data.Mosaics;

namespace Dsch.Data.Outfits;

/// <summary>
/// Generates the <c>fashion-outfits</c> benchmark from Fashion-MNIST's labels and a seed alone: 25,000 mosaics of
/// 2–4 items drawn from an outfit template (<see cref="OutfitCatalog"/>), their multi-hot labels, and the
/// leakage-free FLICKR25K-style split — 2,000 queries composed only of test items, 23,000 database mosaics only of
/// training items, 5,000 training mosaics drawn from the database.
/// </summary>
/// <remarks>
/// Mosaic m draws from its own stream <c>SeededRandom.Derive(seed, 3, m)</c>, in this order: template (uniform),
/// each optional item (probability ½), whether one item goes off-template (probability 0.1; then which item, and a
/// uniform class not already worn); then <see cref="MosaicGrid.Place"/> draws the cells of the items (a shuffle of
/// the four cells) and for each item a uniform instance of its class from the pool of its part (training or test
/// items, with replacement across mosaics: 23,000 × ~3 items exceed Fashion-MNIST's 6,000 per class). Training mosaics: a Fisher–Yates shuffle of
/// the database with <c>Derive(seed, 2)</c>, the first 5,000.
/// </remarks>
public static class OutfitGenerator
{
    /// <summary>Generator name recorded in split files and cache keys.</summary>
    public const string Name = "fashion-outfits";

    /// <summary>Bump whenever anything changes the generated mosaics, labels or split (templates, shares, draw order).</summary>
    public const int Version = 1;

    /// <summary>Split protocol name (file <c>fashion-outfits_outfits_seed&lt;seed&gt;.json</c>).</summary>
    public const string Protocol = "outfits";

    /// <summary>Database mosaics (from Fashion-MNIST training items).</summary>
    public const int DatabaseCount = 23_000;

    /// <summary>Query mosaics (from Fashion-MNIST test items).</summary>
    public const int QueryCount = 2_000;

    /// <summary>Training mosaics, drawn from the database.</summary>
    public const int TrainCount = 5_000;

    /// <summary>Composes the recipe; <paramref name="sourceLabels"/> are Fashion-MNIST's pooled class ids (60,000 training then 10,000 test).</summary>
    /// <param name="sourceLabels">Class id of each pooled Fashion-MNIST item.</param>
    /// <param name="trainItems">How many leading pooled items are training items (60,000).</param>
    /// <param name="seed">Generator seed.</param>
    /// <param name="databaseCount">Database mosaics (tests use fewer).</param>
    /// <param name="queryCount">Query mosaics.</param>
    public static OutfitRecipe Compose(IReadOnlyList<int> sourceLabels, int trainItems, int seed,
        int databaseCount = DatabaseCount, int queryCount = QueryCount)
    {
        const int classes = 10;
        int n = databaseCount + queryCount;
        var templateIds = new int[n];
        var offTemplate = new bool[n];
        var layout = OutfitCatalog.Grid.Place(new MosaicItems(sourceLabels, trainItems, classes, Name), n, databaseCount, seed, stream: 3, (random, m) =>
        {
            templateIds[m] = random.NextInt(OutfitCatalog.Templates.Count);
            return ItemsOf(OutfitCatalog.Templates[templateIds[m]], random, classes, out offTemplate[m]);
        });
        return new OutfitRecipe(layout.Cells, templateIds, offTemplate, layout.Labels, databaseCount);
    }

    /// <summary>The split of <paramref name="recipe"/>: queries = the test-item mosaics, database = the training-item mosaics, 5,000 of them for training.</summary>
    public static DatasetSplit Split(OutfitRecipe recipe, GeneratorStamp stamp, int trainCount = TrainCount)
    {
        var database = Enumerable.Range(0, recipe.DatabaseCount).ToArray();
        var shuffled = database.ToArray();
        SeededRandom.Derive(stamp.Seed, 2).Shuffle(shuffled);
        var train = shuffled[..Math.Min(trainCount, shuffled.Length)].Order().ToArray();
        var query = Enumerable.Range(recipe.DatabaseCount, recipe.Count - recipe.DatabaseCount).ToArray();
        return new DatasetSplit(Name, Protocol, stamp.Seed, query, database, train, recipe.Labels.ContentHash(), stamp);
    }

    /// <summary>The stamp identifying <paramref name="recipe"/>.</summary>
    public static GeneratorStamp StampOf(OutfitRecipe recipe, int seed, string sourceHash) =>
        new(Name, Version, seed, sourceHash, recipe.CompositionHash());

    static List<int> ItemsOf(OutfitTemplate template, SeededRandom random, int classes, out bool offTemplate)
    {
        var items = new List<int>(template.Required);
        foreach (var optional in template.Optional)
            if (random.NextDouble() < OutfitCatalog.OptionalProbability) items.Add(optional);
        offTemplate = random.NextDouble() < OutfitCatalog.OffTemplateShare;
        if (offTemplate)
        {
            int slot = random.NextInt(items.Count);
            var others = Enumerable.Range(0, classes).Where(c => !items.Contains(c)).ToArray();
            items[slot] = others[random.NextInt(others.Length)];
        }
        return items;
    }
}
