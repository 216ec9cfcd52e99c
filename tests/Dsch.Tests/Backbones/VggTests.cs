using Dsch.Backbones;
using Dsch.Tests.TestSupport;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Dsch.Tests.Backbones;

/// <summary>VGG layout and the strict loading of TorchVision-style weights saved as .pth and .safetensors.</summary>
public sealed class VggTests
{
    // Narrow models (channels / 16) keep the files small; the key names do not depend on the width.
    const int Divisor = 16;

    [Theory]
    [InlineData(16, 13)]
    [InlineData(19, 16)]
    public void StateDictKeys_FollowTorchVision(int depth, int convolutions)
    {
        using var model = new Vgg(depth, Divisor);
        var keys = model.state_dict().Keys.ToList();
        var convKeys = keys.Where(k => k.StartsWith("features.", StringComparison.Ordinal) && k.EndsWith(".weight", StringComparison.Ordinal)).ToList();
        Assert.Equal(convolutions, convKeys.Count);
        Assert.Equal("features.0.weight", convKeys[0]);
        Assert.Equal(depth == 16 ? "features.28.weight" : "features.34.weight", convKeys[^1]);
        Assert.Equal(["classifier.0.weight", "classifier.0.bias", "classifier.3.weight", "classifier.3.bias", "classifier.6.weight", "classifier.6.bias"],
            keys.Where(k => k.StartsWith("classifier.", StringComparison.Ordinal)));
    }

    [Fact]
    public void FullSizeVgg16_HasTorchVisionShapes()
    {
        using var model = new Vgg(16);
        var shapes = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        Assert.Equal(new long[] { 4096, 25088 }, shapes["classifier.0.weight"]);
        Assert.Equal(new long[] { 512, 512, 3, 3 }, shapes["features.28.weight"]);
        Assert.Equal(4096, model.FeatureDimension);
    }

    [Theory]
    [InlineData(".pth")]
    [InlineData(".safetensors")]
    public void Load_ReproducesTheSavedModel(string extension)
    {
        using var temp = new TempDirectory();
        var path = temp.File("vgg16" + extension);
        torch.manual_seed(3);
        using var original = new Vgg(16, Divisor);
        if (extension == ".pth") original.save_py(path); else original.save_safetensors(path);
        using var loaded = VggWeights.Load(16, path, Divisor);
        original.eval();
        using var images = rand(new long[] { 2, 3, 64, 64 }, generator: new Generator(4));
        using var noGrad = torch.no_grad();
        using var expected = original.forward(images);
        using var actual = loaded.forward(images);
        Assert.Equal(new long[] { 2, 4096 / Divisor }, actual.shape);
        Assert.True(expected.abs().max().item<float>() > 0, "features are all zero; the comparison would be vacuous");
        Assert.True(expected.allclose(actual, 0, 0), "loaded model differs from the saved one");
    }

    [Fact]
    public void Load_Throws_NamingFileAndKey_WhenALayerIsMissing()
    {
        using var temp = new TempDirectory();
        var path = temp.File("vgg16.safetensors");
        using var other = new Vgg(16, Divisor);
        other.save_safetensors(path, skip: ["classifier.3.weight"]);
        var error = Assert.Throws<InvalidInputException>(() => VggWeights.Load(16, path, Divisor));
        Assert.Contains(path, error.Message);
        Assert.Contains("classifier.3.weight", error.Message);
    }

    [Fact]
    public void Load_Throws_NamingFileAndKey_WhenDepthOrShapeDiffers()
    {
        using var temp = new TempDirectory();
        var path = temp.File("vgg19.pth");
        using var vgg19 = new Vgg(19, Divisor);
        vgg19.save_py(path);
        var depth = Assert.Throws<InvalidInputException>(() => VggWeights.Load(16, path, Divisor));
        Assert.Contains(path, depth.Message);
        Assert.Contains("key 'features.", depth.Message);
        var width = Assert.Throws<InvalidInputException>(() => VggWeights.Load(19, path, Divisor / 2));
        Assert.Contains("features.0.weight", width.Message);
        Assert.Contains("shape", width.Message);
    }

    [Fact]
    public void Load_Throws_WhenFileIsMissingOrTruncated()
    {
        using var temp = new TempDirectory();
        Assert.Contains("not found", Assert.Throws<InvalidInputException>(() => VggWeights.Load(16, temp.File("none.pth"), Divisor)).Message);
        var path = temp.File("vgg16.pth");
        using (var model = new Vgg(16, Divisor)) model.save_py(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        Assert.Contains(path, Assert.Throws<InvalidInputException>(() => VggWeights.Load(16, path, Divisor)).Message);
        var safetensors = temp.File("vgg16.safetensors");
        File.WriteAllBytes(safetensors, [1, 2, 3]);
        Assert.Contains(safetensors, Assert.Throws<InvalidInputException>(() => VggWeights.Load(16, safetensors, Divisor)).Message);
    }

    [Fact]
    public void Catalog_RefusesVggWithoutWeights()
    {
        var error = Assert.Throws<InvalidInputException>(() => BackboneCatalog.Create("vgg19"));
        Assert.Contains("--weights", error.Message);
        Assert.Throws<InvalidInputException>(() => BackboneCatalog.Create("alexnet"));
    }

    [Fact]
    public void Dropout_ActsOnlyInTrainingMode()
    {
        torch.manual_seed(5);
        using var model = new Vgg(16, Divisor);
        using var images = rand(new long[] { 2, 3, 32, 32 }, generator: new Generator(6));
        using var noGrad = torch.no_grad();
        model.eval();
        using var a = model.forward(images);
        using var b = model.forward(images);
        Assert.True(a.allclose(b, 0, 0));
        model.train();
        using var c = model.forward(images);
        Assert.False(a.allclose(c, 0, 0));
    }
}
