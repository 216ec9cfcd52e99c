using Dsch.Config;
using Dsch.Data;
using Dsch.Features;
using Dsch.Training;

namespace Dsch.Notebooks;

/// <summary>A dataset as the notebooks use it: the images and split, the experiment preset, and the run settings.</summary>
/// <param name="Data">The dataset (for quick runs, the in-memory subset; its split is the subset's).</param>
/// <param name="Preset">The preset, already sized to the training set (<see cref="Presets.SizedTo"/>), features folder set.</param>
/// <param name="Quick">True for the seeded CI subset.</param>
/// <param name="Seed">Seed of the subset and of every run.</param>
/// <param name="SourceIndices">Quick: the full dataset's index of each subset image; otherwise null.</param>
public sealed record LabData(HashingDataset Data, ExperimentPreset Preset, bool Quick, int Seed, int[]? SourceIndices)
{
    /// <summary>The training options of one run with <paramref name="bits"/> bits (the preset's, seed = <see cref="Seed"/>).</summary>
    public TrainingOptions TrainingFor(int bits) => Preset.TrainingFor(bits, Seed) with { TopK = [Preset.PrimaryTopK, Retrieval.RetrievalOptions.All] };

    /// <summary>Images per split part: query, database, train.</summary>
    public IReadOnlyDictionary<string, int> Sizes => new Dictionary<string, int>
    {
        ["query"] = Data.Split.Query.Length, ["database"] = Data.Split.Database.Length, ["train"] = Data.Split.Train.Length,
    };
}

/// <summary>Backbone features of a <see cref="LabData"/>, as the trainer and the classical hashers use them.</summary>
/// <param name="Features">(N, V, D) views, train, query, database and the labels.</param>
/// <param name="Status">What the cache held (hit, built, rebuilt and why).</param>
/// <param name="Seconds">Wall time of loading or extracting.</param>
/// <param name="Folder">The cache folder.</param>
public sealed record LabFeatures(FrozenFeatures Features, FeatureCacheStatus Status, double Seconds, string Folder)
{
    /// <summary>Training images N.</summary>
    public long TrainCount => Features.Train.shape[0];

    /// <summary>Feature dimension D.</summary>
    public long Dimension => Features.Dimension;
}
