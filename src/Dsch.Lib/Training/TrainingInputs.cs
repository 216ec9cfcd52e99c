using Dsch.Backbones;
using Dsch.Data;
using Dsch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Training;

/// <summary>The three image sets a run encodes.</summary>
public enum ImageSet
{
    /// <summary>Training images, un-augmented (for the E-step).</summary>
    Train,
    /// <summary>Queries.</summary>
    Query,
    /// <summary>Retrieval database.</summary>
    Database,
}

/// <summary>
/// What the EM loop needs from its data, identical in both training modes: two views of a batch of training
/// images as model inputs, and eval-mode codes of a whole image set.
/// </summary>
public interface ITrainingInputs
{
    /// <summary>Training images N.</summary>
    long TrainCount { get; }

    /// <summary>Labels of the queries.</summary>
    LabelMatrix QueryLabels { get; }

    /// <summary>Labels of the database.</summary>
    LabelMatrix DatabaseLabels { get; }

    /// <summary>
    /// Model inputs of two views of each image, interleaved: rows 2b and 2b+1 are views of <paramref name="images"/>[b].
    /// <paramref name="firstView"/>/<paramref name="secondView"/> pick cached views where the mode has them.
    /// </summary>
    Tensor TwoViews(Tensor images, Tensor firstView, Tensor secondView, int epoch);

    /// <summary>Number of cached views per image to choose from (0 when views are generated on the fly).</summary>
    long CachedViews { get; }

    /// <summary>
    /// True when a training step is too small to gain from several CPU threads (the hash head on cached
    /// features: a 2B×D by D×1000 product); the M-step then runs on one thread, sparing the OpenMP
    /// synchronisation of every small operation — on a busy machine that costs far more than the work itself.
    /// </summary>
    bool SmallSteps { get; }

    /// <summary>Continuous codes (rows, L) of a whole set, the model in eval mode, without gradients.</summary>
    Tensor Encode(nn.Module<Tensor, Tensor> model, ImageSet set);
}

/// <summary>Frozen-features mode: inputs are cached backbone features; the model is the hash head.</summary>
public sealed class FrozenInputs(FrozenFeatures features, Device device) : ITrainingInputs
{
    readonly Tensor _views = features.Validate().TrainViews.to(device);                   // (N, V, D)

    /// <inheritdoc/>
    public long TrainCount => _views.shape[0];
    /// <inheritdoc/>
    public long CachedViews => _views.shape[1];
    /// <inheritdoc/>
    public bool SmallSteps => true;
    /// <inheritdoc/>
    public LabelMatrix QueryLabels => features.QueryLabels;
    /// <inheritdoc/>
    public LabelMatrix DatabaseLabels => features.DatabaseLabels;

    /// <inheritdoc/>
    public Tensor TwoViews(Tensor images, Tensor firstView, Tensor secondView, int epoch)
    {
        var rows = images.repeat_interleave(2).to(device);                                 // (2B)
        var views = stack([firstView, secondView], 1).reshape(-1).to(device);              // (2B)
        return _views.index(rows, views);                                                  // (2B, D)
    }

    /// <inheritdoc/>
    public Tensor Encode(nn.Module<Tensor, Tensor> model, ImageSet set)
    {
        var source = set switch { ImageSet.Train => features.Train, ImageSet.Query => features.Query, _ => features.Database };
        model.eval();
        using var noGrad = no_grad();
        if (model is HashHead head) return head.EncodeFolded(source);                      // (rows, L), one product a row
        var parts = new List<Tensor>();
        for (long start = 0; start < source.shape[0]; start += 8192)
            parts.Add(model.forward(source.narrow(0, start, Math.Min(8192, source.shape[0] - start)).to(device)));
        return cat(parts, 0);                                                              // (rows, L)
    }
}

/// <summary>
/// Fine-tuning mode (the paper): inputs are images, augmented on the fly with views seeded per
/// (seed, image, epoch, view); the model is backbone + head.
/// </summary>
public sealed class ImageInputs(HashingDataset data, int inputSize, AugmentationOptions augmentation, long seed, Device device,
    int encodeBatchSize = 64) : ITrainingInputs
{
    /// <inheritdoc/>
    public long TrainCount => data.Split.Train.Length;
    /// <inheritdoc/>
    public long CachedViews => 0;
    /// <inheritdoc/>
    public bool SmallSteps => false;
    /// <inheritdoc/>
    public LabelMatrix QueryLabels => data.Labels.Select(data.Split.Query);
    /// <inheritdoc/>
    public LabelMatrix DatabaseLabels => data.Labels.Select(data.Split.Database);

    /// <inheritdoc/>
    public Tensor TwoViews(Tensor images, Tensor firstView, Tensor secondView, int epoch)
    {
        var indices = images.data<long>().Select(i => data.Split.Train[(int)i]).ToArray();
        var a = ImagePipeline.LoadBatch(data, indices, inputSize, augmentation, seed, epoch, view: 0);   // (B, 3, S, S)
        var b = ImagePipeline.LoadBatch(data, indices, inputSize, augmentation, seed, epoch, view: 1);   // (B, 3, S, S)
        return stack([a, b], 1).reshape(-1, 3, inputSize, inputSize).to(device);                        // (2B, 3, S, S)
    }

    /// <inheritdoc/>
    public Tensor Encode(nn.Module<Tensor, Tensor> model, ImageSet set)
    {
        var indices = set switch { ImageSet.Train => data.Split.Train, ImageSet.Query => data.Split.Query, _ => data.Split.Database };
        model.eval();
        var parts = new Tensor[(indices.Length + encodeBatchSize - 1) / encodeBatchSize];
        try
        {
            InferenceStreams.ForEachBatch(device, indices.Length, encodeBatchSize,        // batches side by side, as extraction
                batch => ImagePipeline.LoadBatch(data, indices.AsSpan(batch.Start, batch.Length).ToArray(), inputSize, null, seed, epoch: 0, view: 0), // (B, 3, S, S)
                (batch, images) =>
                {
                    using var noGrad = no_grad();
                    using var scope = NewDisposeScope();
                    using var owned = images;
                    parts[batch.Index] = model.forward(images.to(device)).DetachFromDisposeScope(); // (B, L)
                });
            return cat(parts, 0);                                                          // (rows, L)
        }
        finally
        {
            foreach (var part in parts) part?.Dispose();
        }
    }
}
