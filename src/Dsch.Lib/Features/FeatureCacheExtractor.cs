using System.Diagnostics;
using Dsch.Backbones;
using Dsch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Features;

/// <summary>
/// Loads the images <paramref name="indices"/> (dataset indices) as (B, 3, S, S) float32 RGB in [0, 1]:
/// un-augmented when <paramref name="view"/> is null, else augmented view <paramref name="view"/> (seeded by the source).
/// With the data pipeline: <c>(idx, v) =&gt; ImagePipeline.LoadBatch(data, idx, S, v is null ? null : augment, seed, 0, v ?? 0)</c>.
/// </summary>
public delegate Tensor ImageBatchSource(IReadOnlyList<int> indices, int? view);

/// <summary>The images a feature cache is built from: the three index lists and a batch loader.</summary>
/// <param name="Query">Dataset indices of the queries.</param>
/// <param name="Database">Dataset indices of the database (retrieval) set.</param>
/// <param name="Train">Dataset indices of the training images.</param>
/// <param name="LoadBatch">Loads a batch of images (see <see cref="ImageBatchSource"/>).</param>
public sealed record FeatureCacheSource(IReadOnlyList<int> Query, IReadOnlyList<int> Database, IReadOnlyList<int> Train, ImageBatchSource LoadBatch);

/// <summary>Progress of an extraction: images done of the total, throughput and estimated time left.</summary>
/// <param name="Stage">"clean" (query ∪ database ∪ train, un-augmented) or "view k" (augmented training views).</param>
/// <param name="Done">Images through the backbone so far (all stages).</param>
/// <param name="Total">Images to go through the backbone in all stages.</param>
/// <param name="ImagesPerSecond">Average throughput so far.</param>
/// <param name="Eta">Estimated time left.</param>
public sealed record ExtractionProgress(string Stage, long Done, long Total, double ImagesPerSecond, TimeSpan Eta);

/// <summary>
/// Runs a frozen backbone over the images of a <see cref="FeatureCacheSource"/>: every distinct
/// un-augmented image once (query, database and train overlap), then V augmented views of each training
/// image. Eval mode, no gradients, one dispose scope per batch, batches side by side on the CPU's threads
/// (<see cref="InferenceStreams"/>); deterministic given a deterministic source.
/// </summary>
public static class FeatureCacheExtractor
{
    /// <summary>The extracted arrays (row-major float32) and the backbone throughput.</summary>
    /// <param name="Query">(Nq, D).</param>
    /// <param name="Database">(Nd, D).</param>
    /// <param name="Train">(Nt, D).</param>
    /// <param name="TrainViews">(V, Nt, D).</param>
    /// <param name="Seconds">Wall time.</param>
    /// <param name="ImagesPerSecond">Images through the backbone per second.</param>
    public sealed record Result(float[] Query, float[] Database, float[] Train, float[] TrainViews, double Seconds, double ImagesPerSecond);

    /// <summary>Extracts all features; <paramref name="views"/> is V, <paramref name="batchSize"/> B.</summary>
    public static Result Run(Backbone backbone, FeatureCacheSource source, int views, int batchSize, IProgress<ExtractionProgress>? progress = null)
    {
        if (batchSize < 1) throw new InvalidInputException($"--batch-size must be positive, got {batchSize}");
        if (views < 0) throw new InvalidInputException($"--views must be ≥ 0, got {views}");
        int D = backbone.FeatureDimension;
        var distinct = source.Query.Concat(source.Database).Concat(source.Train).Distinct().ToArray();
        var row = new Dictionary<int, int>(distinct.Length);
        for (int r = 0; r < distinct.Length; r++) row[distinct[r]] = r;
        var counter = new Counter(distinct.Length + (long)views * source.Train.Count, progress);
        bool wasTraining = backbone.training;
        backbone.eval();
        try
        {
            var clean = Features(backbone, source, distinct, null, batchSize, counter);         // (N_distinct, D)
            var trainViews = new float[(long)views * source.Train.Count * D];                   // (V, Nt, D)
            for (int v = 0; v < views; v++)
                Features(backbone, source, source.Train, v, batchSize, counter).CopyTo(trainViews, (long)v * source.Train.Count * D);
            return new Result(Gather(clean, source.Query, row, D), Gather(clean, source.Database, row, D), Gather(clean, source.Train, row, D),
                trainViews, counter.Seconds, counter.ImagesPerSecond);
        }
        finally { backbone.train(wasTraining); }
    }

    /// <summary>Features of <paramref name="indices"/>, batch by batch on <see cref="InferenceStreams"/> (each batch decoded on a worker meanwhile).</summary>
    static float[] Features(Backbone backbone, FeatureCacheSource source, IReadOnlyList<int> indices, int? view, int batchSize, Counter counter)
    {
        int D = backbone.FeatureDimension;
        var result = new float[(long)indices.Count * D];
        var device = backbone.parameters().First().device;
        InferenceStreams.ForEachBatch(device, indices.Count, batchSize,
            batch => source.LoadBatch(indices.Skip(batch.Start).Take(batch.Length).ToArray(), view),        // (B, 3, S, S)
            (batch, images) =>
            {
                using var noGrad = torch.no_grad();
                using var scope = NewDisposeScope();
                using var owned = images;
                var (start, B) = (batch.Start, batch.Length);
                if (images.dim() != 4 || images.shape[0] != B)
                    throw new InvalidInputException($"feature extraction: the image source returned shape ({string.Join(", ", images.shape)}) for {B} images");
                var features = backbone.forward(images.to(device)).cpu();                                   // (B, D)
                features.contiguous().data<float>().CopyTo(result, start * D);
                counter.Add(B, view is null ? "clean" : $"view {view + 1}");
            });
        return result;
    }

    static float[] Gather(float[] clean, IReadOnlyList<int> indices, Dictionary<int, int> row, int D)
    {
        var result = new float[(long)indices.Count * D];
        for (int i = 0; i < indices.Count; i++) Array.Copy(clean, (long)row[indices[i]] * D, result, (long)i * D, D);
        return result;
    }

    sealed class Counter(long total, IProgress<ExtractionProgress>? progress)
    {
        readonly Stopwatch _clock = Stopwatch.StartNew();
        long _done;

        public double Seconds => _clock.Elapsed.TotalSeconds;
        public double ImagesPerSecond => _done / Math.Max(Seconds, 1e-9);

        /// <summary>Counts a finished batch; streams call it concurrently, reports leave one at a time.</summary>
        public void Add(int images, string stage)
        {
            lock (_clock)
            {
                _done += images;
                var eta = TimeSpan.FromSeconds((total - _done) / Math.Max(ImagesPerSecond, 1e-9));
                progress?.Report(new ExtractionProgress(stage, _done, total, ImagesPerSecond, eta));
            }
        }
    }
}
