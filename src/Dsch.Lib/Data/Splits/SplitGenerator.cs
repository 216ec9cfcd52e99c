namespace Dsch.Data.Splits;

/// <summary>
/// Draws a <see cref="SplitProtocol"/> split from the labels and a seed alone (<see cref="SeededRandom"/>), so any
/// machine holding the same data regenerates the identical split.
/// </summary>
internal static class SplitGenerator
{
    /// <param name="dataset">Dataset name recorded in the split.</param>
    /// <param name="protocol">The protocol to follow.</param>
    /// <param name="labels">Pooled labels.</param>
    /// <param name="seed">Split seed.</param>
    /// <param name="source">The data folder, named in errors.</param>
    public static DatasetSplit Generate(string dataset, SplitProtocol protocol, LabelMatrix labels, int seed, string source)
    {
        var eligible = Enumerable.Range(0, labels.Count).Where(i => labels.Row(i).Contains((byte)1)).ToArray();
        int[] query, train;
        HashSet<int> database;
        if (protocol.PerClass)
        {
            var order = Enumerable.Range(0, labels.Classes).OrderBy(c => eligible.Count(i => labels.Has(i, c))).ThenBy(c => c).ToArray();
            var taken = new bool[labels.Count];
            query = DrawPerClass(eligible, labels, order, taken, protocol.Queries, SeededRandom.Derive(seed, 1), "queries", protocol, source);
            database = eligible.Except(query).ToHashSet();
            train = DrawPerClass(eligible.Where(database.Contains).ToArray(), labels, order, taken, protocol.Train, SeededRandom.Derive(seed, 2), "training images", protocol, source);
        }
        else
        {
            if (eligible.Length < protocol.Queries + protocol.Train)
                throw InvalidInputException.At(source, null,
                    $"{eligible.Length} labelled images, protocol {protocol.Name} needs {protocol.Queries} queries + {protocol.Train} training images");
            var shuffled = eligible.ToArray();
            SeededRandom.Derive(seed, 1).Shuffle(shuffled);
            query = shuffled[..protocol.Queries];
            var rest = shuffled[protocol.Queries..];
            database = rest.ToHashSet();
            var pool = rest.Order().ToArray();
            SeededRandom.Derive(seed, 2).Shuffle(pool);
            train = pool[..protocol.Train];
        }
        return new DatasetSplit(dataset, protocol.Name, seed, [.. query.Order()], [.. database.Order()], [.. train.Order()], labels.ContentHash());
    }

    static int[] DrawPerClass(int[] candidates, LabelMatrix labels, int[] classOrder, bool[] taken, int perClass, SeededRandom random, string what, SplitProtocol protocol, string source)
    {
        var drawn = new List<int>();
        foreach (int c in classOrder)
        {
            var pool = candidates.Where(i => !taken[i] && labels.Has(i, c)).ToArray();
            if (pool.Length < perClass)
                throw InvalidInputException.At(source, null,
                    $"class {c} has {pool.Length} images left for {what}; protocol {protocol.Name} needs {perClass} per class (empty or short split)");
            random.Shuffle(pool);
            foreach (int i in pool.AsSpan(0, perClass)) taken[i] = true;
            drawn.AddRange(pool.AsSpan(0, perClass));
        }
        return [.. drawn];
    }
}
