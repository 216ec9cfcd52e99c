using static TorchSharp.torch;

namespace Dsch.Training;

/// <summary>
/// A validation protocol carved from the training set, for choosing hyper-parameters without touching the
/// queries: a seeded random <see cref="QueryFraction"/> of the training images become validation queries, the
/// remaining training images are both the training set and the validation database. [decision]
/// </summary>
public static class ValidationSplit
{
    /// <summary>Share of the training images used as validation queries.</summary>
    public const double QueryFraction = 0.1;

    /// <summary>The validation features: trains on and retrieves from the non-held-out training images.</summary>
    public static FrozenFeatures Carve(FrozenFeatures features, Data.LabelMatrix trainLabels, long seed)
    {
        long n = features.Train.shape[0];
        if (trainLabels.Count != n) throw new ArgumentException($"{trainLabels.Count} training labels for {n} training images");
        var (held, kept) = Positions(n, seed);
        using var heldIndex = tensor(held);
        using var keptIndex = tensor(kept);
        var keptTrain = features.Train.index_select(0, keptIndex);
        return new FrozenFeatures(
            features.TrainViews.index_select(0, keptIndex), keptTrain,
            features.Train.index_select(0, heldIndex), keptTrain,
            trainLabels.Select(held.Select(i => (int)i).ToArray()), trainLabels.Select(kept.Select(i => (int)i).ToArray()));
    }

    /// <summary>
    /// The same validation protocol on the images (fine-tuning): the dataset with its split replaced — queries are the
    /// held-out training images, training set and database the others — choosing exactly the images <see cref="Carve(FrozenFeatures, Data.LabelMatrix, long)"/>
    /// chooses for the same seed.
    /// </summary>
    public static Data.HashingDataset Carve(Data.HashingDataset data, long seed)
    {
        var train = data.Split.Train;
        var (heldPositions, keptPositions) = Positions(train.Length, seed);
        int[] Pick(long[] positions) => positions.Select(p => train[p]).ToArray();
        var kept = Pick(keptPositions);
        return data.WithSplit(data.Split with { Query = Pick(heldPositions), Database = kept, Train = kept });
    }

    /// <summary>Positions in the training set held out as queries and kept, each ascending.</summary>
    static (long[] Held, long[] Kept) Positions(long n, long seed)
    {
        int queries = Math.Max(1, (int)(n * QueryFraction));
        using var generator = new TorchSharp.torch.Generator(unchecked((ulong)(seed * 7919 + 104729)), device: CPU);
        using var permutation = randperm(n, generator: generator);
        var order = permutation.data<long>().ToArray();
        return (order.Take(queries).Order().ToArray(), order.Skip(queries).Order().ToArray());
    }
}
