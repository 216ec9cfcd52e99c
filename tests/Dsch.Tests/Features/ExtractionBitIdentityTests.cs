using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Dsch.Backbones;
using Dsch.Data;
using Dsch.Features;
using Dsch.Runtime;
using Dsch.Tests.TestSupport;
using static TorchSharp.torch;

namespace Dsch.Tests.Features;

/// <summary>
/// The feature cache decides every frozen reference, so extraction must give the same bytes after any speed-up:
/// Fashion-MNIST training images (clean and one augmented view) through <see cref="FeatureCacheExtractor"/> with the
/// ResNet-18's inference form (<see cref="OnnxPadding"/>) against its literal ONNX graph (explicit pads, the form
/// every extraction ran before), byte for byte, and against SHA-256 digests of the features main's build computed.
/// Batches of 64 leave a partial last batch; odd sides take the literal form and must agree too; a batch of 256
/// gives the same bytes as one of 64; two and three threads (batches side by side) the same bytes as one.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class ExtractionBitIdentityTests
{
    /// <summary>
    /// SHA-256 of Query ‖ Database ‖ Train ‖ TrainViews (float32 bytes) for the first <c>count</c> training images
    /// at the given side, one view, batch 64, one thread, computed with main's build at commit 710b75e (before the
    /// inference form) through the same calls as <see cref="Extract"/>.
    /// </summary>
    static readonly Dictionary<(int Size, int Count), string> MainDigests = new()
    {
        [(32, 300)] = "63ea2e335c49c4682efdc7575c42dd9b98d7a7d9f36e02268a087f70d401e342",
        [(64, 150)] = "c5ca17a2d115f0760e28ae30e859426d55e3e27996ed44feabcf90bd84ab2e34",
    };

    static readonly HashingDataset Data = DatasetCatalog.Open("fashion-mnist");

    static float[] Extract(int size, int count, int threads, bool literal, int batch = 64)
    {
        using var pinned = IntraOpThreads.Exactly(threads);
        using var backbone = (ResNet18)BackboneCatalog.Create("resnet18");
        backbone.LiteralOnnxGraph = literal;
        var options = new FeatureCacheOptions(Backbone: "resnet18", InputSize: size, Views: 1, BatchSize: batch);
        var train = Data.Split.Train.Take(count).ToArray();
        var source = FeatureCacheExtraction.SourceFor(Data, options) with { Query = train[..10], Database = train[5..20], Train = train };
        var result = FeatureCacheExtractor.Run(backbone, source, options.Views, options.BatchSize);
        return [.. result.Query, .. result.Database, .. result.Train, .. result.TrainViews];
    }

    static string Sha256(float[] values) => Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(values.AsSpan())));

    [Theory]
    [InlineData(32, 300, 1)]
    [InlineData(32, 300, 2)]
    [InlineData(64, 150, 1)]
    [InlineData(97, 40, 1)]
    public void InferenceForm_GivesTheLiteralGraphsFeatures_ByteForByte(int size, int count, int threads)
    {
        var literal = Extract(size, count, threads, literal: true);
        var inference = Extract(size, count, threads, literal: false);
        Assert.Equal((10 + 15 + 2 * count) * 512, inference.Length);
        Assert.True(literal.AsSpan().SequenceEqual(inference), $"features differ at {size} px, {threads} thread(s): max |Δ| = "
            + literal.Zip(inference, (a, b) => Math.Abs(a - b)).Max());
    }

    /// <summary>The batch size is not in the cache key (<see cref="FeatureCacheKey"/>): it must not move a bit either.</summary>
    [Fact]
    public void BatchSize_DoesNotChangeTheFeatures() =>
        Assert.True(Extract(32, 300, threads: 1, literal: false, batch: 256).AsSpan().SequenceEqual(Extract(32, 300, threads: 1, literal: false, batch: 64)));

    /// <summary>With two or three threads the batches run side by side on as many streams (<see cref="Dsch.Runtime.InferenceStreams"/>), in turn.</summary>
    [Theory]
    [InlineData(32, 300, 1)]
    [InlineData(32, 300, 2)]
    [InlineData(32, 300, 3)]
    [InlineData(64, 150, 1)]
    [InlineData(64, 150, 2)]
    public void Features_EqualMainsBuild(int size, int count, int threads) =>
        Assert.Equal(MainDigests[(size, count)], Sha256(Extract(size, count, threads, literal: false)));
}
