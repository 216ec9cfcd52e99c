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
        int queries = Math.Max(1, (int)(n * QueryFraction));
        using var generator = new TorchSharp.torch.Generator(unchecked((ulong)(seed * 7919 + 104729)), device: CPU);
        var order = randperm(n, generator: generator).data<long>().ToArray();
        var held = order.Take(queries).Order().ToArray();
        var kept = order.Skip(queries).Order().ToArray();
        using var heldIndex = tensor(held);
        using var keptIndex = tensor(kept);
        var keptTrain = features.Train.index_select(0, keptIndex);
        return new FrozenFeatures(
            features.TrainViews.index_select(0, keptIndex), keptTrain,
            features.Train.index_select(0, heldIndex), keptTrain,
            trainLabels.Select(held.Select(i => (int)i).ToArray()), trainLabels.Select(kept.Select(i => (int)i).ToArray()));
    }
}
