namespace Dsch.Training;

/// <summary>
/// The epoch order of component-aware batches: consecutive runs of B images hold k images from each of B/k
/// components, as far as the component sizes allow. Pure and seeded.
/// </summary>
/// <remarks>
/// [decision] Each component's members are shuffled and cut into chunks of k; B/k chunks make a batch. The
/// members left over (a component's last chunk of fewer than k, and chunks that do not fill a batch) are
/// shuffled into random batches. The complete batches are then shuffled, so the random ones are spread over the
/// epoch; a final partial batch (dropped by the trainer, as in random order) comes last. The order is a
/// permutation: every image is still seen once per epoch.
/// </remarks>
public static class MateBatches
{
    /// <summary>
    /// A permutation of 0 … N − 1 for <paramref name="componentOf"/> (the component of each of the N images).
    /// </summary>
    public static long[] Order(IReadOnlyList<long> componentOf, int batchSize, int matesPerComponent, int seed)
    {
        if (matesPerComponent < 1 || batchSize % matesPerComponent != 0)
            throw new ArgumentException($"k = {matesPerComponent} must divide B = {batchSize}");
        var random = new Random(seed);
        var members = new SortedDictionary<long, List<long>>();
        for (int i = 0; i < componentOf.Count; i++)
        {
            if (!members.TryGetValue(componentOf[i], out var list)) members[componentOf[i]] = list = [];
            list.Add(i);
        }
        var chunks = new List<long[]>();
        var leftover = new List<long>();
        foreach (var list in members.Values)
        {
            var shuffled = list.ToArray();
            random.Shuffle(shuffled);
            int full = shuffled.Length / matesPerComponent * matesPerComponent;
            for (int start = 0; start < full; start += matesPerComponent)
                chunks.Add(shuffled[start..(start + matesPerComponent)]);
            leftover.AddRange(shuffled[full..]);
        }
        var chunkArray = chunks.ToArray();
        random.Shuffle(chunkArray);
        int perBatch = batchSize / matesPerComponent;
        int grouped = chunkArray.Length / perBatch * perBatch;
        var batches = new List<long[]>();
        for (int start = 0; start < grouped; start += perBatch)
            batches.Add([.. chunkArray[start..(start + perBatch)].SelectMany(c => c)]);
        leftover.AddRange(chunkArray[grouped..].SelectMany(c => c));
        var rest = leftover.ToArray();
        random.Shuffle(rest);
        int restFull = rest.Length / batchSize * batchSize;
        for (int start = 0; start < restFull; start += batchSize) batches.Add(rest[start..(start + batchSize)]);
        var batchArray = batches.ToArray();
        random.Shuffle(batchArray);
        return [.. batchArray.SelectMany(b => b), .. rest[restFull..]];
    }
}
