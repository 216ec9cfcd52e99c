using System.Diagnostics;
using Dsch.Backbones;
using Dsch.Components;
using Dsch.Retrieval;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Training;

/// <summary>
/// The DSCH EM loop (method.md) in the frozen-features mode: before every epoch an E-step discovers the
/// fine and coarse components of the current codes; the epoch then trains the hash head on two cached
/// augmented views per image against them; query and database are evaluated after every epoch.
/// </summary>
/// <remarks>
/// Every random choice derives from (seed, epoch) only — head initialisation, shuffling, view choice and the
/// E-step's initialisation — so a run resumed from an epoch checkpoint repeats exactly what an uninterrupted
/// run does, and the same seed on the CPU gives bit-identical codes.
/// </remarks>
public sealed class DschTrainer(TrainingOptions options, Device device, string? runDirectory = null,
    IProgress<TrainingProgress>? progress = null)
{
    readonly TrainingOptions _options = options.Validate();

    /// <summary>Trains on cached features; resumes from the run directory's checkpoint when <paramref name="resume"/>.</summary>
    public TrainingResult TrainFrozen(FrozenFeatures features, bool resume = false)
    {
        features.Validate();
        var head = new HashHead((int)features.Dimension, _options.Bits, _options.Seed);
        head.to(device);
        using var optimizer = new AdamOptimizer(head.parameters(), _options.Optimizer);
        var history = new List<EpochRecord>();
        int startEpoch = 0;
        if (resume && runDirectory is not null && Checkpoint.Exists(runDirectory))
        {
            var saved = Checkpoint.Load(runDirectory, head, optimizer);
            history.AddRange(saved.History);
            startEpoch = saved.CompletedEpochs;
        }
        using var trainViews = features.TrainViews.to(device);
        using var train = features.Train.to(device);
        var relevance = Relevance.Between(features.QueryLabels, features.DatabaseLabels);
        var clock = Stopwatch.StartNew();

        for (int epoch = startEpoch; epoch < _options.Epochs; epoch++)
        {
            // ---- E-step: components of the current codes of the un-augmented training images.
            var eStepWatch = Stopwatch.StartNew();
            Report(epoch, TrainingPhase.EStep, 0, 1, double.NaN, 0, clock, startEpoch);
            using var components = _options.Loss.NeedsComponents
                ? EStep.Discover(Encode(head, train), _options.Components, EpochSeed(epoch), device)
                : null;
            double eStepSeconds = eStepWatch.Elapsed.TotalSeconds;

            // ---- M-step: one epoch of two-view batches.
            var mStepWatch = Stopwatch.StartNew();
            var losses = RunEpoch(head, optimizer, trainViews, components, epoch, clock, startEpoch);
            double mStepSeconds = mStepWatch.Elapsed.TotalSeconds;

            // ---- Evaluate on query/database.
            var evaluateWatch = Stopwatch.StartNew();
            Report(epoch, TrainingPhase.Evaluate, 0, 1, losses.Total, 0, clock, startEpoch);
            var report = Evaluate(head, features, relevance, RetrievalOptions.MapOnly(_options.EvaluatedTopK.ToArray()));
            double evaluateSeconds = evaluateWatch.Elapsed.TotalSeconds;

            // ---- Log and checkpoint.
            history.Add(new EpochRecord(epoch, losses.Steps, optimizer.CompletedSteps, optimizer.CurrentLearningRate,
                losses.Total, losses.Instance, losses.Fine, losses.Coarse,
                components?.Statistics.MeanLogLikelihood ?? double.NaN, components?.Statistics.Iterations ?? 0,
                components?.Statistics.Converged ?? false,
                components is null ? null : ComponentSizes.Of(components.Statistics.FineSizes),
                report.MapAtK, report.TieAwareMapAtK, eStepSeconds, mStepSeconds, evaluateSeconds));
            if (runDirectory is not null)
            {
                MetricsLog.Write(runDirectory, history);
                Checkpoint.Save(runDirectory, head, optimizer, epoch + 1, history);
            }
        }
        return Finish(head, features, relevance, history);
    }

    TrainingResult Finish(HashHead head, FrozenFeatures features, Relevance relevance, List<EpochRecord> history)
    {
        var final = Evaluate(head, features, relevance, new RetrievalOptions(_options.EvaluatedTopK, RetrievalOptions.Default.PrecisionAtN));
        var primary = RetrievalOptions.Label(_options.EvaluatedTopK[0]);
        var best = history.MaxBy(h => h.Map[primary])!;
        var queryCodes = Encode(head, features.Query.to(device)).cpu().data<float>().ToArray();
        var databaseCodes = Encode(head, features.Database.to(device)).cpu().data<float>().ToArray();
        if (runDirectory is not null)
            RunArtifacts.WriteCodes(runDirectory, queryCodes, databaseCodes, _options.Bits, features.QueryLabels, features.DatabaseLabels);
        var times = new PhaseTimes(history.Sum(h => h.EStepSeconds), history.Sum(h => h.MStepSeconds), history.Sum(h => h.EvaluateSeconds));
        return new TrainingResult(history, final, best.Epoch, best.Map[primary], queryCodes, databaseCodes, times);
    }

    /// <summary>Mean loss terms of one epoch.</summary>
    sealed record EpochLosses(int Steps, double Total, double Instance, double Fine, double Coarse);

    EpochLosses RunEpoch(HashHead head, AdamOptimizer optimizer, Tensor trainViews, ComponentStructure? components,
        int epoch, Stopwatch clock, int startEpoch)
    {
        long n = trainViews.shape[0], views = trainViews.shape[1];
        int batch = _options.BatchSize;
        var generator = new Generator(unchecked((ulong)EpochSeed(epoch)), device: CPU);
        var order = randperm(n, generator: generator);                       // (N)
        var first = randint(views, [n], generator: generator);              // (N) view a
        var second = (first + 1 + randint(views - 1, [n], generator: generator)).remainder(views); // (N) view b ≠ a
        int steps = (int)(n / batch);                                        // the last partial batch is dropped
        double total = 0, instance = 0, fine = 0, coarse = 0;
        var watch = Stopwatch.StartNew();
        head.train();
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var images = order.narrow(0, step * batch, batch);               // (B)
            var rows = images.repeat_interleave(2);                           // (2B): image b at rows 2b, 2b+1
            var viewIndex = stack([first.index(images), second.index(images)], 1).reshape(-1); // (2B)
            var x = trainViews.index(rows.to(device), viewIndex.to(device)); // (2B, D)
            var h = head.forward(x);                                          // (2B, L)
            var terms = DschLoss.Compute(h, components?.ForRows(rows.to(device)), _options.Loss);
            double value = terms.Total.ToDouble();
            if (!double.IsFinite(value))
                throw new TrainingDivergedException(epoch, step, value);
            optimizer.ZeroGrad();
            terms.Total.backward();
            optimizer.Step();
            total += value;
            instance += terms.Instance.ToDouble();
            fine += terms.Fine.ToDouble();
            coarse += terms.Coarse.ToDouble();
            if (step % 25 == 0 || step == steps - 1)
                Report(epoch, TrainingPhase.MStep, step + 1, steps, total / (step + 1),
                    (step + 1) * batch / Math.Max(watch.Elapsed.TotalSeconds, 1e-9), clock, startEpoch);
        }
        order.Dispose(); first.Dispose(); second.Dispose();
        return new EpochLosses(steps, total / steps, instance / steps, fine / steps, coarse / steps);
    }

    /// <summary>Continuous codes h of <paramref name="features"/> in eval mode, (rows, L).</summary>
    Tensor Encode(HashHead head, Tensor features)
    {
        head.eval();
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < features.shape[0]; start += 8192)
            parts.Add(head.forward(features.narrow(0, start, Math.Min(8192, features.shape[0] - start))));
        return cat(parts, 0);
    }

    RetrievalReport Evaluate(HashHead head, FrozenFeatures features, Relevance relevance, RetrievalOptions retrieval)
    {
        using var scope = NewDisposeScope();
        var queries = HashCodes.FromTensor(Encode(head, features.Query.to(device)).cpu());
        var database = HashCodes.FromTensor(Encode(head, features.Database.to(device)).cpu());
        return HammingRetrieval.Evaluate(queries, database, relevance, retrieval);
    }

    long EpochSeed(int epoch) => unchecked(_options.Seed * 1_000_003 + epoch * 7919 + 17);

    void Report(int epoch, TrainingPhase phase, int step, int steps, double loss, double imagesPerSecond, Stopwatch clock, int startEpoch)
    {
        if (progress is null) return;
        double done = epoch - startEpoch + (phase == TrainingPhase.MStep ? (double)step / steps : 0);
        var eta = done > 0 ? TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / done * (_options.Epochs - startEpoch - done)) : TimeSpan.Zero;
        progress.Report(new TrainingProgress(epoch, _options.Epochs, phase, step, steps, loss, imagesPerSecond, eta));
    }
}

/// <summary>A loss became NaN or infinite; the last good checkpoint is kept.</summary>
public sealed class TrainingDivergedException(int epoch, int step, double value)
    : Exception($"training diverged: loss is {value} at epoch {epoch}, step {step}; the last checkpoint (end of the previous epoch) is kept — lower the learning rate or raise τ");
