using Dsch.Backbones;
using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Tests.Backbones;

/// <summary>The hash head of docs/method.md ("Encoder") and the backbone + head encoder.</summary>
public sealed class HashEncoderTests
{
    [Fact]
    public void HashHead_InitialisesFromTruncatedNormal_WithStd0001_AndIsSeeded()
    {
        using var a = new HashHead(512, 32, seed: 7);
        using var b = new HashHead(512, 32, seed: 7);
        using var c = new HashHead(512, 32, seed: 8);
        var weights = a.parameters().Select(p => p.detach().flatten()).ToList();
        using var all = cat(weights, 0);
        Assert.Equal(512 * 1000 + 1000 + 1000 * 32 + 32, all.shape[0]);
        Assert.True(all.abs().max().item<float>() <= 0.002f + 1e-9f, "values beyond two standard deviations");
        Assert.InRange(all.std().item<float>(), 0.00085f, 0.00090f);   // std of N(0, σ) truncated at ±2σ is 0.880σ
        Assert.True(a.parameters().Zip(b.parameters()).All(p => p.First.allclose(p.Second, 0, 0)));
        Assert.False(a.parameters().First().allclose(c.parameters().First(), 0, 0));
    }

    [Fact]
    public void HashHead_MapsFeaturesToCodesInOpenInterval()
    {
        using var head = new HashHead(16, 12, seed: 1);
        using Scalar thousand = 1000;
        using var features = randn(new long[] { 5, 16 }, generator: new Generator(2)).mul(thousand);
        using var codes = head.forward(features);
        Assert.Equal(new long[] { 5, 12 }, codes.shape);
        Assert.True(codes.abs().max().item<float>() < 1f);
        Assert.Throws<InvalidInputException>(() => head.forward(zeros(5, 15)));
        Assert.Throws<InvalidInputException>(() => new HashHead(16, 0, seed: 1));
    }

    [Fact]
    public void HashHead_FoldedEncoding_AgreesWithTheTwoLayerForward_AcrossChunks()
    {
        using var head = new HashHead(48, 16, seed: 5);
        // Weights large enough that codes spread over (−1, 1) instead of sitting at tanh's linear origin.
        using Scalar hundred = 100;
        using (no_grad()) foreach (var p in head.parameters()) p.mul_(hundred);
        var features = randn(1000, 48, generator: new Generator(3));                       // (1000, 48)
        using var twoLayers = head.forward(features);                                      // (1000, 16)
        using var folded = head.EncodeFolded(features, chunkRows: 333);                   // 4 chunks, the last partial
        Assert.Equal(twoLayers.shape, folded.shape);
        float difference = (twoLayers - folded).abs().max().item<float>();
        Assert.True(difference < 1e-5f, $"largest difference {difference}");
        Assert.True(twoLayers.abs().mean().item<float>() > 0.1f, "codes should not all sit near 0");
        Assert.Throws<InvalidInputException>(() => head.EncodeFolded(zeros(4, 47)));
    }

    [Fact]
    public void Encoder_EncodesInBatches_LikeOneForwardPass_AndRestoresTheMode()
    {
        using var encoder = new HashEncoder(new Vgg(16, widthDivisor: 16), bits: 16, seed: 3);
        using var images = rand(new long[] { 5, 3, 32, 32 }, generator: new Generator(9));
        encoder.train();
        using var codes = encoder.Encode(images, batchSize: 2);
        Assert.True(encoder.training);
        encoder.eval();
        using var noGrad = torch.no_grad();
        using var direct = encoder.forward(images);
        Assert.Equal(new long[] { 5, 16 }, codes.shape);
        Assert.True(codes.allclose(direct, rtol: 1e-5, atol: 1e-7));
    }

    [Fact]
    public void FrozenBackbone_GetsNoGradients_AndStaysInEvalMode()
    {
        using var encoder = new HashEncoder(new Vgg(16, widthDivisor: 16), bits: 8, seed: 3);
        encoder.FreezeBackbone();
        encoder.train();
        Assert.False(encoder.Backbone.training);
        Assert.True(encoder.Head.training);
        using var images = rand(new long[] { 2, 3, 32, 32 }, generator: new Generator(1));
        using var loss = encoder.forward(images).sum();
        loss.backward();
        Assert.All(encoder.Backbone.parameters(), p => Assert.Null(p.grad));
        Assert.All(encoder.Head.parameters(), p => Assert.NotNull(p.grad));
        encoder.UnfreezeBackbone();
        Assert.True(encoder.Backbone.training);
        Assert.True(encoder.Backbone.IsTrainable);
    }
}
