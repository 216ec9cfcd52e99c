using Dsch.Backbones;
using Dsch.Data;
using Dsch.Runtime;
using Dsch.Tests.TestSupport;
using Dsch.Training;
using static TorchSharp.torch;

namespace Dsch.Tests.Training;

/// <summary>
/// Fine-tuned runs encode their query and database images through <see cref="ImageInputs.Encode"/>, whose batches run
/// side by side on the CPU's threads (<see cref="Dsch.Runtime.InferenceStreams"/>): the codes must be the bytes the
/// former loop gave — one batch after another on the calling thread with all the threads — so committed references
/// do not move.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class ImageInputsEncodeTests
{
    static readonly HashingDataset Data = DatasetCatalog.Open("fashion-mnist");

    static byte[] Bytes(Tensor t) => t.contiguous().bytes.ToArray();

    /// <summary>The loop ImageInputs.Encode ran before the streams, on the calling thread.</summary>
    static Tensor OneBatchAfterAnother(HashEncoder model, int[] indices, int batchSize)
    {
        model.eval();
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        for (int start = 0; start < indices.Length; start += batchSize)
        {
            var batch = indices.AsSpan(start, Math.Min(batchSize, indices.Length - start)).ToArray();
            parts.Add(model.forward(ImagePipeline.LoadBatch(Data, batch, 32, null, 5, epoch: 0, view: 0)));
        }
        return cat(parts, 0);                                                          // (rows, L)
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Encode_OnStreams_GivesTheCodesOfOneBatchAfterAnother(int threads)
    {
        using var pinned = IntraOpThreads.Exactly(threads);
        using var scope = NewDisposeScope();
        using var model = new HashEncoder(BackboneCatalog.Create("resnet18"), bits: 32, seed: 5);
        var inputs = new ImageInputs(Data, 32, AugmentationOptions.Paper, seed: 5, CPU);
        var streamed = inputs.Encode(model, ImageSet.Query);                           // (Nq, 32)
        var expected = OneBatchAfterAnother(model, Data.Split.Query, 64);
        Assert.Equal(new long[] { Data.Split.Query.Length, 32 }, streamed.shape);
        Assert.True(Bytes(streamed).AsSpan().SequenceEqual(Bytes(expected)), $"codes differ with {threads} threads");
    }
}
