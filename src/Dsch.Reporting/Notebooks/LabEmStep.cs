using Dsch.Backbones;
using Dsch.Data;
using Dsch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Notebooks;

/// <summary>
/// The inputs of one EM iteration, taken apart for notebooks 02 and 03 (issue 24): the hash head the loop starts from,
/// the codes H the E-step reads, and one M-step batch. The steps themselves are the library's pure pieces
/// (<c>GaussianMixture.Fit</c>, <c>KMeans.Fit</c>, <c>EStep.Discover</c>, <c>ComponentStructure.ForRows</c>,
/// <c>DschLoss.Compute</c>), which the notebooks call directly.
/// </summary>
public static partial class Lab
{
    /// <summary>
    /// The hash head a frozen-features run of <paramref name="data"/> starts from: <c>HashHead(D, L, seed)</c>, the
    /// initialisation <see cref="DschTrainer.TrainFrozen"/> makes with the run's seed (truncated normal, std 0.001).
    /// </summary>
    public static HashHead InitialHead(LabData data, LabFeatures features, int bits) => new((int)features.Dimension, bits, data.Seed);

    /// <summary>
    /// H (N, L): the continuous codes of the N un-augmented training images under <paramref name="model"/>, in eval mode
    /// without gradients — what the E-step reads before every epoch (docs/method.md, "E-step", step 1).
    /// </summary>
    public static Tensor EncodeTraining(nn.Module<Tensor, Tensor> model, LabFeatures features) =>
        new FrozenInputs(features.Features, CPU).Encode(model, ImageSet.Train);

    /// <summary>
    /// A batch as the M-step draws one: <paramref name="batchSize"/> distinct training images (default the preset's B)
    /// and two different cached views of each, seeded by the notebook's seed and <paramref name="draw"/> [decision: its
    /// own stream, not one of the trainer's epochs — the notebook shows the form of a batch, not a particular step].
    /// </summary>
    public static LabBatch DrawBatch(LabData data, LabFeatures features, int? batchSize = null, int draw = 0)
    {
        long N = features.TrainCount, V = features.Features.TrainViews.shape[1];
        int B = batchSize ?? data.Preset.Training.BatchSize;
        if (B < 1 || B > N) throw new InvalidInputException($"batchSize: {B} is outside 1..{N} (the training images)");
        if (V < 2) throw new InvalidInputException($"features: {V} cached view(s) per training image; a batch needs two different ones");
        var random = SeededRandom.Derive(data.Seed, 0xBA7C, draw);
        var rows = Enumerable.Range(0, (int)N).ToList();
        random.Shuffle(rows);
        long[] images = [.. rows.Take(B).Select(i => (long)i)];
        long[] first = [.. images.Select(_ => (long)random.NextInt((int)V))];
        long[] second = [.. first.Select(a => (a + 1 + random.NextInt((int)V - 1)) % V)];   // b ≠ a
        var inputs = new FrozenInputs(features.Features, CPU);
        var x = inputs.TwoViews(tensor(images), tensor(first), tensor(second), epoch: 0);   // (2B, D)
        var viewRows = tensor(images).repeat_interleave(2);                                   // (2B)
        return new LabBatch(data, images, first, second, x, viewRows);
    }
}
