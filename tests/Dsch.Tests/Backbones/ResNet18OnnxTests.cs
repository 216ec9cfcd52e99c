using Dsch.Backbones;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TorchSharp;
using Dsch.Tests.TestSupport;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Dsch.Tests.Backbones;

/// <summary>The TorchSharp port of the offline ImageNet ResNet-18 against ONNX Runtime on the same images.</summary>
public sealed class ResNet18OnnxTests(ITestOutputHelper output)
{
    const int Size = 224;

    [Fact]
    public void Features_MatchOnnxRuntime_At224()
    {
        var images = TestImages(3, seed: 5);                                  // 0–255 RGB, (3, 3, 224, 224)
        float[][] reference = images.Select(RunOnnxRuntime).ToArray();        // 3 × 512
        using var model = ResNet18Onnx.LoadPretrained();
        using var noGrad = torch.no_grad();
        using var batch = tensor(images.SelectMany(i => i).Select(v => v / 255f).ToArray(), [3, 3, Size, Size]);
        using var features = model.forward(batch);                            // (3, 512)
        Assert.Equal(new long[] { 3, 512 }, features.shape);
        var ours = features.data<float>().ToArray();
        double maxDiff = 0, maxAbs = 0;
        for (int n = 0; n < 3; n++)
            for (int d = 0; d < 512; d++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(ours[n * 512 + d] - reference[n][d]));
                maxAbs = Math.Max(maxAbs, Math.Abs(reference[n][d]));
            }
        output.WriteLine($"max |torchsharp - onnxruntime| = {maxDiff:E3}, max |feature| = {maxAbs:F3}, relative = {maxDiff / maxAbs:E3}");
        Assert.True(maxAbs > 0.1, "reference features are degenerate");
        Assert.True(maxDiff / maxAbs < 1e-4, $"relative difference {maxDiff / maxAbs:E3}");
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(97)]
    public void Forward_GivesFiniteFeatures_AtOtherSizes(int size)
    {
        using var model = ResNet18Onnx.LoadPretrained();
        using var noGrad = torch.no_grad();
        using var images = rand(new long[] { 2, 3, size, size }, generator: new Generator(1));
        using var features = model.forward(images);
        Assert.Equal(new long[] { 2, 512 }, features.shape);
        Assert.True(features.isfinite().all().item<bool>());
        Assert.True(features.min().item<float>() >= 0f, "features follow a ReLU and average pool");
    }

    [Fact]
    public void Forward_Throws_WhenInputIsTooSmallOrNotRgb()
    {
        using var model = ResNet18Onnx.LoadPretrained();
        using var tiny = zeros(1, 3, 16, 16);
        using var gray = zeros(1, 1, 64, 64);
        Assert.Throws<InvalidInputException>(() => model.forward(tiny));
        Assert.Throws<InvalidInputException>(() => model.forward(gray));
    }

    [Fact]
    public void LoadPretrained_Throws_NamingTheFile_WhenTheModelIsTruncated()
    {
        using var temp = new TempDirectory();
        var bytes = File.ReadAllBytes(ResNet18Onnx.Locate("ResNet18.onnx"));
        File.WriteAllBytes(Path.Combine(temp.Path, "ResNet18.onnx"), bytes[..(bytes.Length / 2)]);
        File.Copy(ResNet18Onnx.Locate("ResNetPreprocess.onnx"), Path.Combine(temp.Path, "ResNetPreprocess.onnx"));
        var error = Assert.Throws<InvalidInputException>(() => ResNet18Onnx.LoadPretrained(temp.Path));
        Assert.Contains("ResNet18.onnx", error.Message);
    }

    [Fact]
    public void LoadPretrained_GivesModuleWithTorchVisionStateDictNames()
    {
        using var model = ResNet18Onnx.LoadPretrained();
        var keys = model.state_dict().Keys.ToHashSet();
        Assert.Contains("conv1.weight", keys);
        Assert.Contains("layer2.0.downsample.0.weight", keys);
        Assert.Contains("layer4.1.bn2.running_var", keys);
        Assert.DoesNotContain("layer1.0.downsample.0.weight", keys);
        Assert.Contains("layer4.2.conv2.weight", keys);   // the CNTK model has (2, 2, 2, 3) blocks
        Assert.Equal(66, model.parameters().Count());   // stem 3 + 9 blocks × 6 + 3 downsamples × 3
    }

    static float[] RunOnnxRuntime(float[] rgb255)
    {
        using var preprocess = new InferenceSession(ResNet18Onnx.Locate("ResNetPreprocess.onnx"));
        using var network = new InferenceSession(ResNet18Onnx.Locate("ResNet18.onnx"));
        var input = new DenseTensor<float>(rgb255, [1, 3, Size, Size]);
        using var pre = preprocess.Run([NamedOnnxValue.CreateFromTensor(preprocess.InputMetadata.Keys.Single(), input)]);
        var bgr = pre.First().AsTensor<float>().ToDenseTensor();
        using var result = network.Run([NamedOnnxValue.CreateFromTensor(ResNet18Onnx.InputName, bgr)]);
        return result.Single(r => r.Name == ResNet18Onnx.OutputName).AsTensor<float>().ToArray();
    }

    /// <summary>Deterministic 0–255 integer RGB images: smooth gradients plus seeded noise (natural-ish statistics).</summary>
    static float[][] TestImages(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(n =>
        {
            var image = new float[3 * Size * Size];
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < Size; y++)
                    for (int x = 0; x < Size; x++)
                    {
                        double smooth = 127 + 100 * Math.Sin((x * (c + 1) + y * (n + 1)) / 37.0);
                        image[(c * Size + y) * Size + x] = (float)Math.Clamp(Math.Round(smooth + random.Next(-40, 41)), 0, 255);
                    }
            return image;
        }).ToArray();
    }
}
