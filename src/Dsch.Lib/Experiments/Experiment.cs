using System.Diagnostics;
using Dsch.Backbones;
using Dsch.Baselines;
using Dsch.Config;
using Dsch.Data;
using Dsch.Features;
using Dsch.Retrieval;
using Dsch.Training;
using TorchSharp;

namespace Dsch.Experiments;

/// <summary>The features an <see cref="Experiment"/> loaded or extracted, with what the cache said.</summary>
/// <param name="Features">Query, database, training features and views (carved to the validation split when asked).</param>
/// <param name="Status">Whether the cache was valid, or why it was rebuilt.</param>
/// <param name="Seconds">Wall time of loading or extracting.</param>
/// <param name="Folder">The cache folder.</param>
/// <param name="Cache">The cached tensors <paramref name="Features"/> reads from; disposing it frees them.</param>
public sealed record ExperimentFeatures(FrozenFeatures Features, FeatureCacheStatus Status, double Seconds, string Folder, CachedFeatures Cache) : IDisposable
{
    /// <summary>Frees the cached tensors (after the last cell that reads them).</summary>
    public void Dispose() => Cache.Dispose();
}

/// <summary>
/// The one place that runs the parts of an experiment on a dataset, for <c>dsch reproduce</c>/<c>ablate</c> (through
/// <see cref="Reproduction"/>), <c>dsch train</c> and the notebooks (<c>Lab</c>): load or extract the backbone features,
/// load the backbone a fine-tuning cell starts from, train a DSCH cell (frozen or fine-tuned, by its options' mode)
/// into an optional run folder, measure a cell's cost, fit and evaluate a classical hasher. Everything it has to say
/// goes through one <see cref="IExperimentLog"/>. Callers only parse options and present results.
/// </summary>
/// <remarks>
/// With <c>validation</c> the cells train and are scored on <see cref="ValidationSplit"/> carved from the training set:
/// the features are extracted for the dataset's own split (one cache for both protocols) and carved after loading;
/// fine-tuning cells see the same held-out images.
/// </remarks>
public sealed class Experiment
{
    readonly HashingDataset _opened;
    readonly long _splitSeed;

    /// <param name="data">The dataset as opened (its pinned split).</param>
    /// <param name="features">Backbone, weights, input size and views: what the cache holds and what fine-tuning starts from.</param>
    /// <param name="device">Where cells train.</param>
    /// <param name="log">Where lines and progress go.</param>
    /// <param name="validation">Score on the validation split carved from the training set, not on the queries.</param>
    /// <param name="splitSeed">Seed of the validation carve.</param>
    public Experiment(HashingDataset data, FeatureCacheOptions features, torch.Device device, IExperimentLog log, bool validation = false, long splitSeed = 0)
    {
        _opened = data;
        _splitSeed = splitSeed;
        FeatureOptions = features;
        Device = device;
        Log = log;
        Validation = validation;
        Data = validation ? ValidationSplit.Carve(data, splitSeed) : data;
    }

    /// <summary>The images cells train on and are scored on (the validation split when <see cref="Validation"/>).</summary>
    public HashingDataset Data { get; }

    /// <summary>Backbone and feature-cache options.</summary>
    public FeatureCacheOptions FeatureOptions { get; }

    /// <summary>Where cells train.</summary>
    public torch.Device Device { get; }

    /// <summary>Where lines and progress go.</summary>
    public IExperimentLog Log { get; }

    /// <summary>True when cells are scored on the validation split.</summary>
    public bool Validation { get; }

    /// <summary>
    /// The backbone features of the dataset: loaded from a valid cache or extracted (progress on <see cref="Log"/>), then
    /// carved to the validation split when <see cref="Validation"/>. One line tells what the cache held.
    /// </summary>
    public ExperimentFeatures LoadFeatures()
    {
        var watch = Stopwatch.StartNew();
        var folder = FeatureOptions.Folder ?? FeatureCacheExtraction.DefaultFolder(_opened.Name, FeatureOptions);
        var cached = FeatureCacheExtraction.GetOrExtract(_opened, FeatureOptions, Log, out var status);
        var features = FrozenFeatures.From(cached, _opened);
        if (Validation) features = ValidationSplit.Carve(features, _opened.Labels.Select(_opened.Split.Train), _splitSeed);
        double seconds = watch.Elapsed.TotalSeconds;
        Log.Line($"features: {status.State}{(status.Reason.Length > 0 ? $" ({status.Reason})" : "")}, {seconds:F1} s, {folder}");
        return new ExperimentFeatures(features, status, seconds, folder, cached);
    }

    /// <summary>
    /// The pretrained backbone a fine-tuning cell starts from (a fresh copy each call; the caller disposes it); throws
    /// <see cref="InvalidInputException"/> when its weights are missing or the input side is below what it accepts.
    /// </summary>
    public Backbone LoadBackbone()
    {
        var backbone = BackboneCatalog.Create(FeatureOptions.Backbone, FeatureOptions.Weights);
        if (FeatureOptions.InputSize < backbone.MinimumInputSize)
        {
            backbone.Dispose();
            throw new InvalidInputException($"--input-size: {FeatureOptions.InputSize} px is below what {FeatureOptions.Backbone} accepts ({backbone.MinimumInputSize} px)");
        }
        return backbone;
    }

    /// <summary>
    /// Trains one DSCH cell (the EM loop of <see cref="DschTrainer"/>): on <paramref name="features"/> in frozen mode,
    /// end to end from a fresh pretrained backbone in fine-tuning mode. With a <paramref name="runDirectory"/> it writes
    /// metrics.jsonl, checkpoints and codes there, and <paramref name="resume"/> continues from its checkpoint. The
    /// training labels reach only the diagnostics' purity (<see cref="PurityProbe"/>), never the loss. The cell trains
    /// <paramref name="method"/> (a notebook's own, say), or the method its options describe when null (DSCH or the baseline).
    /// </summary>
    public TrainingResult Train(TrainingOptions options, FrozenFeatures? features, string? runDirectory = null, bool resume = false,
        IHashingMethod? method = null)
    {
        if (WarmupNotice(options) is { } notice) Log.Line(notice);
        var purity = new PurityProbe(Data.Labels.Select(Data.Split.Train));
        var trainer = new DschTrainer(options, Device, runDirectory, Log, purity);
        if (options.Mode == TrainingMode.Finetune)
        {
            using var backbone = LoadBackbone();
            using var target = method?.NeedsFeatures == true ? LoadBackbone() : null;   // the sources' frozen similarity target
            return trainer.TrainFinetune(Data, backbone, FeatureOptions.InputSize, FeatureOptions.Augmentation ?? AugmentationOptions.Paper, resume, method, target);
        }
        return trainer.TrainFrozen(features ?? throw new ArgumentException("a frozen-mode cell trains on features: load them first", nameof(features)), resume, method);
    }

    /// <summary>
    /// A warning when the warm-up (the quick preset's 3 epochs, <see cref="Presets.QuickWarmupEpochs"/>) is not shorter
    /// than the run, so a DSCH cell would train as the contrastive baseline throughout (e.g. <c>--epochs 2</c>); null
    /// otherwise.
    /// </summary>
    public static string? WarmupNotice(TrainingOptions options) =>
        options.Loss.NeedsComponents && !options.Mates.ComponentsOnIn(options.Epochs - 1)
            ? $"note: the warm-up of {options.Mates.Warmup} epochs is not shorter than the run's {options.Epochs}, so the "
              + "component terms never switch on and this cell trains as the contrastive baseline (warmup=0 or --warmup 0 starts them at once)"
            : null;

    /// <summary>
    /// What a cell with <paramref name="options"/> costs, measured: a few real training steps and the encoding of the
    /// query set (<see cref="DschTrainer.Probe"/>), on <paramref name="backbone"/> when fine-tuning, else on
    /// <paramref name="features"/>.
    /// </summary>
    public RunCost Probe(TrainingOptions options, FrozenFeatures? features, Backbone? backbone)
    {
        var prober = new DschTrainer(options, Device);
        if (options.Mode == TrainingMode.Finetune)
        {
            if (backbone is null) throw new ArgumentException("a fine-tuning probe needs the backbone", nameof(backbone));
            using var encoder = new HashEncoder(backbone, options.Bits, options.Seed);
            encoder.UnfreezeBackbone();
            encoder.to(Device);
            return prober.Probe(encoder, new ImageInputs(Data, FeatureOptions.InputSize, FeatureOptions.Augmentation ?? AugmentationOptions.Paper, options.Seed, Device));
        }
        if (features is null) throw new ArgumentException("a frozen-mode probe needs the features", nameof(features));
        using var head = new HashHead((int)features.Dimension, options.Bits, options.Seed);
        head.to(Device);
        return prober.Probe(head, new FrozenInputs(features, Device));
    }

    /// <summary>
    /// Fits the classical hasher <paramref name="method"/> (lsh, pcah, itq, sh) with <paramref name="bits"/> bits on the
    /// training features and scores its codes of query against database (relevance: sharing a label).
    /// </summary>
    public static RetrievalReport Classical(string method, FrozenFeatures features, int bits, long seed, RetrievalOptions report)
    {
        var hasher = Hasher.Fit(method, FeatureMatrix.FromTensor(features.Train), bits, checked((int)seed));
        var queries = hasher.Encode(FeatureMatrix.FromTensor(features.Query));
        var database = hasher.Encode(FeatureMatrix.FromTensor(features.Database));
        return HammingRetrieval.Evaluate(queries, database, Relevance.Between(features.QueryLabels, features.DatabaseLabels), report);
    }

    /// <summary>
    /// Makes a grid cell's run folder ready: true when it holds a checkpoint of this very run (continue it); otherwise
    /// any leftover (another configuration, a run killed before its first checkpoint) is removed and the run starts
    /// afresh with <paramref name="config"/> written.
    /// </summary>
    public static bool PrepareCellFolder(string runDirectory, RunConfig config)
    {
        if (Checkpoint.Exists(runDirectory) && RunConfig.Holds(runDirectory, config)) return true;
        if (Directory.Exists(runDirectory)) Directory.Delete(runDirectory, recursive: true);
        Directory.CreateDirectory(runDirectory);
        config.WriteTo(runDirectory);
        return false;
    }
}
