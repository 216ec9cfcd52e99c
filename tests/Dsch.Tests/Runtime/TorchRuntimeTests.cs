using Dsch.Runtime;
using Dsch.Tests.TestSupport;
using TorchSharp;

namespace Dsch.Tests.Runtime;

[Collection(GlobalGeneratorCollection.Name)]
public class TorchRuntimeTests
{
    [Fact]
    public void Torch_LoadsAndMultipliesMatrices()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var b = torch.tensor(new float[] { 5, 6, 7, 8 }).reshape(2, 2);
        using var product = a.matmul(b);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, product.data<float>().ToArray());
    }

    [Fact]
    public void Autograd_GradientOfSumOfSquares_IsTwiceTheInput()
    {
        using var x = torch.tensor(new float[] { -1.5f, 0f, 2f, 3f }, requires_grad: true);
        using var y = (x * x).sum();
        y.backward();
        Assert.Equal(new float[] { -3f, 0f, 4f, 6f }, x.grad!.data<float>().ToArray());
    }

    [Fact]
    public void SameSeed_GivesIdenticalRandomTensors_OnCpu()
    {
        TorchRuntime.Seed(123);
        using var first = torch.randn(64);
        TorchRuntime.Seed(123);
        using var second = torch.randn(64);
        Assert.Equal(first.data<float>().ToArray(), second.data<float>().ToArray());
    }

    [Fact]
    public void Versions_AreReported()
    {
        Assert.Equal("0.107.0", TorchRuntime.TorchSharpVersion);
        Assert.StartsWith("2.10", TorchRuntime.LibTorchVersion);
        Assert.True(TorchRuntime.CpuThreads >= 1);
    }
}
