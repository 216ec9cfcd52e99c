using System.Diagnostics;
using Dsch.Backbones;
using Dsch.Components;
using Dsch.Data;
using Dsch.Retrieval;
using Dsch.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Training;

/// <summary>
/// The DSCH EM loop (docs/method.md): before every epoch an E-step discovers the fine and coarse components of
/// the current codes of the training images; the epoch then trains the encoder on two augmented views per
/// image against them; query and database are evaluated after every epoch. Both training modes share this
/// loop and differ only in their <see cref="ITrainingInputs"/> and model. What the E-step and the loss compute is the
/// run's <see cref="IHashingMethod"/> (DSCH by default, or the contrastive baseline, per <see cref="HashingMethods.For"/>);
/// the loop never asks which method it runs.
/// </summary>
/// <remarks>
/// Every random choice derives from (seed, epoch) only — head initialisation, shuffling, view choice, the
/// augmentations, the E-step's initialisation and dropout — so a run resumed from an epoch checkpoint repeats exactly
/// what an uninterrupted run does, and the same seed on the CPU gives bit-identical codes. Dropout (VGG's classifier
/// when fine-tuning) can only draw from libtorch's process-wide generator, which the M-step of every epoch seeds; a
/// second thread drawing from that generator during training would break the guarantee.
/// </remarks>
/// <param name="options">The run's options.</param>
/// <param name="device">Where to train.</param>
/// <param name="runDirectory">Run folder for metrics, checkpoint and codes; null keeps everything in memory.</param>
/// <param name="progress">Progress reports.</param>
/// <param name="purity">Measures component purity against the training labels for the diagnostics; the trainer
/// never sees the labels themselves (see <see cref="PurityProbe"/>).</param>
public sealed class DschTrainer(TrainingOptions options, Device device, string? runDirectory = null,
    IProgress<TrainingProgress>? progress = null, PurityProbe? purity = null)
{
    readonly TrainingOptions _options = options.Validate();

    /// <summary>Frozen-features mode: trains the hash head on cached features with <paramref name="method"/>
    /// (null: the method the options describe, <see cref="HashingMethods.For"/>).</summary>
    public TrainingResult TrainFrozen(FrozenFeatures features, bool resume = false, IHashingMethod? method = null)
    {
        method ??= HashingMethods.For(_options);
        var head = method.Head((int)features.Dimension, _options.Bits, _options.Seed)
            ?? new HashHead((int)features.Dimension, _options.Bits, _options.Seed);
        head.to(device);
        return Run(head, new FrozenInputs(features, device), resume, method);
    }

    /// <summary>
    /// Fine-tuning mode: trains backbone and head end to end on images augmented on the fly. A method that
    /// <see cref="IHashingMethod.NeedsFeatures"/> also needs <paramref name="target"/>: a second, untrained copy of the
    /// same pretrained backbone, kept frozen in eval mode, whose output is its similarity target.
    /// </summary>
    public TrainingResult TrainFinetune(HashingDataset data, Backbone backbone, int inputSize, AugmentationOptions augmentation, bool resume = false,
        IHashingMethod? method = null, Backbone? target = null)
    {
        method ??= HashingMethods.For(_options);
        var featureTarget = method.NeedsFeatures
            ? target ?? throw new InvalidInputException($"{method.Name}: fine-tuned, its loss needs the pretrained backbone as a frozen target")
            : null;
        if (featureTarget is not null)
        {
            featureTarget.SetTrainable(false);
            featureTarget.to(device);
            featureTarget.eval();
        }
        var head = method.Head(backbone.FeatureDimension, _options.Bits, _options.Seed);
        var encoder = head is null ? new HashEncoder(backbone, _options.Bits, _options.Seed) : new HashEncoder(backbone, head, _options.Bits);
        encoder.UnfreezeBackbone();
        encoder.to(device);
        return Run(encoder, new ImageInputs(data, inputSize, augmentation, _options.Seed, device), resume, method, featureTarget);
    }

    /// <summary>
    /// Measures what a run of these options will cost on <paramref name="inputs"/>, for a grid's plan: the median of
    /// <paramref name="steps"/> training steps (after one warm-up step; data, forward, loss, backward, Adam) and the
    /// encoding of the query set per image. Trains <paramref name="model"/>, so pass a throwaway one.
    /// </summary>
    public RunCost Probe(nn.Module<Tensor, Tensor> model, ITrainingInputs inputs, int steps = 3)
    {
        using var optimizer = new TrainingOptimizer(model.parameters().Where(p => p.requires_grad), _options.Optimizer);
        var loss = LossOptions.ContrastiveBaseline(_options.Loss.Tau);
        int batch = (int)Math.Min(_options.BatchSize, inputs.TrainCount);
        var stepSeconds = new List<double>();
        for (int step = 0; step <= steps; step++)
        {
            using var scope = NewDisposeScope();
            var images = tensor(Enumerable.Range(0, batch).Select(i => (long)((step * batch + i) % inputs.TrainCount)).ToArray()); // (B)
            var firstView = zeros(batch, ScalarType.Int64);                                        // (B)
            var secondView = ones(batch, ScalarType.Int64);                                        // (B)
            var watch = Stopwatch.StartNew();
            using (inputs.SmallSteps ? IntraOpThreads.Single(device) : null)
            {
                model.train();
                var terms = DschLoss.Compute(model.forward(inputs.TwoViews(images, firstView, secondView, 0)), null, loss);
                optimizer.ZeroGrad();
                terms.Total.backward();
                optimizer.Step();
            }
            if (step > 0) stepSeconds.Add(watch.Elapsed.TotalSeconds);
        }
        // Encoding is timed on the query set through the path evaluation takes (on cached features one folded product
        // for the whole set, so a batch's time per row would overstate it many times).
        var clock = Stopwatch.StartNew();
        using (var scope = NewDisposeScope()) inputs.Encode(model, ImageSet.Query);
        double encodeSeconds = clock.Elapsed.TotalSeconds / Math.Max(1, inputs.QueryLabels.Count);
        return new RunCost(stepSeconds.Order().ElementAt(stepSeconds.Count / 2), encodeSeconds);
    }

    /// <summary>
    /// The EM loop over any model, inputs and method (null: <see cref="HashingMethods.For"/> the options). With
    /// <paramref name="target"/> (a frozen pretrained backbone, for fine-tuned methods that
    /// <see cref="IHashingMethod.NeedsFeatures"/>) its output is <see cref="MethodBatch.Features"/>; without, the
    /// model's own features, detached.
    /// </summary>
    public TrainingResult Run(nn.Module<Tensor, Tensor> model, ITrainingInputs inputs, bool resume = false, IHashingMethod? method = null,
        Backbone? target = null)
    {
        method ??= HashingMethods.For(_options);
        int stepsPerEpoch = (int)(inputs.TrainCount / _options.BatchSize);                 // RunEpoch drops the last partial batch
        using var optimizer = new TrainingOptimizer(model.parameters().Where(p => p.requires_grad), _options.Optimizer.PerStep(stepsPerEpoch));
        var history = new List<EpochRecord>();
        int startEpoch = 0;
        if (resume && runDirectory is not null && Checkpoint.Exists(runDirectory))
        {
            var saved = Checkpoint.Load(runDirectory, model, optimizer);
            history.AddRange(saved.History);
            startEpoch = saved.CompletedEpochs;
        }
        var relevance = Relevance.Between(inputs.QueryLabels, inputs.DatabaseLabels);
        var clock = new Clock(Stopwatch.StartNew(), startEpoch);
        FinalCodes? final = null;
        RetrievalReport? finalReport = null;

        for (int epoch = startEpoch; epoch < _options.Epochs; epoch++)
        {
            // Holds every tensor the epoch makes outside the phases' own scopes until the epoch ends (see Scalars).
            using var epochScope = NewDisposeScope();
            // ---- E-step: components of the current codes of the un-augmented training images.
            var watch = Stopwatch.StartNew();
            Report(epoch, TrainingPhase.EStep, 0, 1, double.NaN, 0, clock);
            var codes = method.NeedsComponents(epoch) ? inputs.Encode(model, ImageSet.Train) : null; // (N, L)
            using var components = codes is null ? null : MethodChecks.Discover(method, codes, EpochSeed(epoch), device, epoch);
            var mates = components is null ? null
                : new EpochMates(components, codes!, method.Mates, components.NormalizedPosteriors, unchecked((int)MateSeed(epoch)));
            double eStepSeconds = watch.Elapsed.TotalSeconds;

            // ---- M-step: one epoch of two-view batches.
            watch.Restart();
            EpochLosses losses;
            TorchRuntime.Seed(DropoutSeed(epoch));
            using (inputs.SmallSteps ? IntraOpThreads.Single(device) : null)
                losses = RunEpoch(model, optimizer, inputs, method, components, mates, epoch, clock, target);
            double mStepSeconds = watch.Elapsed.TotalSeconds;
            var diagnostics = Diagnose(components?.Statistics, mates, losses, method.Mates.ComponentsOnIn(epoch));

            // ---- Evaluate on query/database: every epoch, or only after the last (the schedule). The last epoch's
            // codes and full report are the run's result, so the final model is encoded once.
            watch.Restart();
            Report(epoch, TrainingPhase.Evaluate, 0, 1, losses.Total, 0, clock, diagnostics);
            bool last = epoch == _options.Epochs - 1;
            RetrievalReport? report = null;
            if (_options.EvaluatesAfter(epoch))
            {
                if (last)
                {
                    final?.Dispose();
                    final = FinalCodes.Encode(model, inputs);
                    report = finalReport = final.Evaluate(relevance, FullRetrieval);
                }
                else
                {
                    using var epochCodes = FinalCodes.Encode(model, inputs);
                    report = epochCodes.Evaluate(relevance, RetrievalOptions.MapOnly(_options.TopK.ToArray()));
                }
            }
            double evaluateSeconds = watch.Elapsed.TotalSeconds;

            // ---- Log and checkpoint.
            var statistics = components?.Statistics;
            history.Add(new EpochRecord(
                Epoch: epoch, Steps: losses.Steps, GlobalStep: optimizer.CompletedSteps, LearningRate: optimizer.CurrentLearningRate,
                LossTotal: losses.Total, LossInstance: losses.Instance, LossFine: losses.Fine, LossCoarse: losses.Coarse,
                EStepLogLikelihood: statistics?.MeanLogLikelihood ?? double.NaN, EStepIterations: statistics?.Iterations ?? 0,
                EStepConverged: statistics?.Converged ?? false, FineSizes: statistics is null ? null : ComponentSizes.Of(statistics.FineSizes),
                Map: report?.MapAtK ?? NotEvaluated, MapTieAware: report?.TieAwareMapAtK ?? NotEvaluated,
                EStepSeconds: eStepSeconds, MStepSeconds: mStepSeconds, EvaluateSeconds: evaluateSeconds, Diagnostics: diagnostics,
                Terms: losses.Terms));
            if (runDirectory is not null)
            {
                MetricsLog.Write(runDirectory, history);
                Checkpoint.Save(runDirectory, model, optimizer, epoch + 1, history);
            }
        }
        return Finish(model, inputs, relevance, history, final, finalReport);
    }

    RetrievalOptions FullRetrieval => new(_options.TopK, RetrievalOptions.Default.PrecisionAtN);

    static readonly IReadOnlyDictionary<string, double> NotEvaluated = new Dictionary<string, double>();

    /// <summary>
    /// The run's result from the last epoch's codes; only a run resumed after its last epoch (nothing left to train)
    /// encodes here.
    /// </summary>
    TrainingResult Finish(nn.Module<Tensor, Tensor> model, ITrainingInputs inputs, Relevance relevance, List<EpochRecord> history,
        FinalCodes? final, RetrievalReport? finalReport)
    {
        using var codes = final ?? FinalCodes.Encode(model, inputs);
        var report = final is not null && finalReport is not null ? finalReport : codes.Evaluate(relevance, FullRetrieval);
        var primary = RetrievalOptions.Label(_options.TopK[0]);
        // Best-on-test among the epochs that were evaluated (all of them, or only the last under LastEpoch).
        var best = history.Where(h => h.Map.ContainsKey(primary)).DefaultIfEmpty().MaxBy(h => h?.Map[primary] ?? double.NegativeInfinity);
        var query = codes.Query.data<float>().ToArray();
        var database = codes.Database.data<float>().ToArray();
        if (runDirectory is not null)
            RunArtifacts.WriteCodes(runDirectory, query, database, _options.Bits, inputs.QueryLabels, inputs.DatabaseLabels);
        var times = new PhaseTimes(history.Sum(h => h.EStepSeconds), history.Sum(h => h.MStepSeconds), history.Sum(h => h.EvaluateSeconds));
        return new TrainingResult(history, report, best?.Epoch ?? history.Count - 1, best?.Map[primary] ?? report.MapAtK[primary], query, database, times);
    }

    /// <summary>Continuous query and database codes of one model state, on the CPU (Q, L) and (M, L).</summary>
    sealed class FinalCodes(Tensor query, Tensor database) : IDisposable
    {
        public Tensor Query { get; } = query;
        public Tensor Database { get; } = database;

        public static FinalCodes Encode(nn.Module<Tensor, Tensor> model, ITrainingInputs inputs)
        {
            using var scope = NewDisposeScope();
            var query = inputs.Encode(model, ImageSet.Query).cpu();                        // (Q, L)
            var database = inputs.Encode(model, ImageSet.Database).cpu();                  // (M, L)
            return new FinalCodes(query.DetachFromDisposeScope(), database.DetachFromDisposeScope());
        }

        public RetrievalReport Evaluate(Relevance relevance, RetrievalOptions retrieval) =>
            HammingRetrieval.Evaluate(HashCodes.FromTensor(Query), HashCodes.FromTensor(Database), relevance, retrieval);

        public void Dispose()
        {
            Query.Dispose();
            Database.Dispose();
        }
    }

    /// <summary>Mean loss terms of one epoch, and the means of its batch diagnostics.</summary>
    sealed record EpochLosses(int Steps, double Total, double Instance, double Fine, double Coarse,
        double OtherImageShare, double FinePartners, double CoarsePartners, IReadOnlyDictionary<string, double> Terms);

    EpochDiagnostics Diagnose(ComponentStatistics? statistics, EpochMates? mates, EpochLosses losses, bool componentsOn)
    {
        var (finePurity, coarsePurity) = mates is not null && purity is not null
            ? purity.Measure(mates.FineOf, mates.CoarseOf) : (double.NaN, double.NaN);
        return new EpochDiagnostics(statistics?.MeanPosteriorEntropy ?? double.NaN, statistics?.MeanCoarsePosteriorEntropy ?? double.NaN,
            losses.OtherImageShare, losses.FinePartners, losses.CoarsePartners, finePurity, coarsePurity,
            componentsOn);
    }

    EpochLosses RunEpoch(nn.Module<Tensor, Tensor> model, TrainingOptimizer optimizer, ITrainingInputs inputs, IHashingMethod method,
        ComponentStructure? components, EpochMates? mates, int epoch, Clock clock, Backbone? target)
    {
        long n = inputs.TrainCount, views = Math.Max(inputs.CachedViews, 2);
        int batch = _options.BatchSize;
        using var generator = new Generator(unchecked((ulong)EpochSeed(epoch)), device: CPU);
        using var randomOrder = randperm(n, generator: generator);                          // (N)
        using var first = randint(views, [n], generator: generator);                        // (N) view a
        using Scalar viewCount = views;
        using var shift = randint(views - 1, [n], generator: generator).add_(One, One);        // (N) in 1 … views − 1
        using var second = first.add(shift, One).remainder(viewCount);                     // (N) view b ≠ a
        var meeting = method.Mates;
        bool on = meeting.ComponentsOnIn(epoch);
        // Component-aware batches replace the order only; the view draws above stay those of random batches.
        // (The order they make is held by the epoch's scope.)
        var order = on && mates is not null && meeting.Batches != MateBatching.Random
            ? tensor(MateBatches.Order(meeting.Batches == MateBatching.Fine ? mates.FineOf : mates.CoarseOf,
                batch, meeting.Mates, unchecked((int)MateSeed(epoch))))
            : randomOrder;
        int steps = (int)(n / batch);                                                        // the last partial batch is dropped
        double total = 0, finePartners = 0, coarsePartners = 0;
        var sums = new TermSums();
        var watch = Stopwatch.StartNew();
        model.train();
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var images = order.narrow(0, step * batch, batch);                               // (B)
            var x = inputs.TwoViews(images, first.index(images), second.index(images), epoch); // (2B, …)
            var (features, h) = ForwardWithFeatures(model, x);                               // (2B, D), (2B, L)
            if (target is not null)
                using (no_grad()) features = target.forward(x);                              // (2B, D) the pretrained target
            var rows = images.repeat_interleave(2);                                          // (2B): image b at rows 2b, 2b+1
            var imageIds = images.data<long>().ToArray();
            var batchComponents = components?.ForRows(rows);
            Tensor? memory = null;
            if (on && mates is not null) (batchComponents, memory) = mates.ForBatch(batchComponents!, imageIds, rows);
            var (terms, value) = MethodChecks.Loss(method, new MethodBatch(h, batchComponents, memory, epoch, step, features));
            optimizer.ZeroGrad();
            terms.Total.backward();
            optimizer.Step();
            total += value;
            sums.Add(terms);
            if (mates is not null)
            {
                var (f, c) = mates.PartnersPerRow(imageIds);
                finePartners += f;
                coarsePartners += c;
            }
            if (step % 25 == 0 || step == steps - 1)
                Report(epoch, TrainingPhase.MStep, step + 1, steps, total / (step + 1),
                    (step + 1) * batch / Math.Max(watch.Elapsed.TotalSeconds, 1e-9), clock);
        }
        return new EpochLosses(steps, total / steps, sums.Mean(MethodTerms.Instance, steps, 0), sums.Mean(MethodTerms.Fine, steps, 0),
            sums.Mean(MethodTerms.Coarse, steps, 0), sums.Mean(MethodTerms.OtherImageShare, steps, double.NaN),
            mates is null ? double.NaN : finePartners / steps, mates is null ? double.NaN : coarsePartners / steps, sums.Means(steps));
    }

    /// <summary>
    /// Backbone features (detached) and codes of one training forward pass: an encoder's backbone output, or the
    /// inputs themselves when the model is a head on cached features.
    /// </summary>
    static (Tensor Features, Tensor Codes) ForwardWithFeatures(nn.Module<Tensor, Tensor> model, Tensor x)
    {
        if (model is HashEncoder encoder)
        {
            var (features, codes) = encoder.ForwardWithFeatures(x);                         // (2B, D), (2B, L)
            return (features.detach(), codes);
        }
        return (x.detach(), model.forward(x));                                              // (2B, D), (2B, L)
    }

    long EpochSeed(int epoch) => unchecked(_options.Seed * 1_000_003 + epoch * 7919 + 17);

    // Its own stream: the shuffling generator starts from EpochSeed, and the two should not draw the same numbers.
    long DropoutSeed(int epoch) => unchecked(EpochSeed(epoch) * 31 + 5);

    // The mate-meeting readings' own stream (batch order, memory mates), apart from every stream above.
    long MateSeed(int epoch) => unchecked(EpochSeed(epoch) * 131 + 29);

    /// <summary>Wall clock of the run and the epoch it (re)started at, for the ETA.</summary>
    sealed record Clock(Stopwatch Watch, int StartEpoch);

    void Report(int epoch, TrainingPhase phase, int step, int steps, double loss, double imagesPerSecond, Clock clock,
        EpochDiagnostics? diagnostics = null)
    {
        if (progress is null) return;
        double done = epoch - clock.StartEpoch + (phase == TrainingPhase.MStep ? (double)step / steps : 0);
        var eta = done > 0 ? TimeSpan.FromSeconds(clock.Watch.Elapsed.TotalSeconds / done * (_options.Epochs - clock.StartEpoch - done)) : TimeSpan.Zero;
        progress.Report(new TrainingProgress(epoch, _options.Epochs, phase, step, steps, loss, imagesPerSecond, eta, diagnostics));
    }
}

/// <summary>A loss (or one of its terms, named by <paramref name="term"/>) became NaN or infinite; the last good checkpoint is kept.</summary>
public sealed class TrainingDivergedException(int epoch, int step, double value, string term = "loss")
    : Exception($"training diverged: {term} is {value} at epoch {epoch}, step {step}; the last checkpoint (end of the previous epoch) is kept — lower the learning rate or raise τ, or check a method's own loss");
