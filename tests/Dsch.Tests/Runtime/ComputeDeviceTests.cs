using Dsch.Runtime;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Runtime;

public class ComputeDeviceTests
{
    [Theory]
    [InlineData("auto", DeviceChoice.Auto)]
    [InlineData("CPU", DeviceChoice.Cpu)]
    [InlineData(" cuda ", DeviceChoice.Cuda)]
    public void Parse_AcceptsTheThreeChoices(string text, DeviceChoice expected) =>
        Assert.Equal(expected, ComputeDevice.Parse(text));

    [Fact]
    public void Parse_RejectsUnknownDevice_NamingTheOption()
    {
        var error = Assert.Throws<InvalidInputException>(() => ComputeDevice.Parse("tpu"));
        Assert.Contains("--device", error.Message);
    }

    [Fact]
    public void Auto_IsCuda_ExactlyWhenCudaIsAvailable()
    {
        var device = ComputeDevice.Resolve(DeviceChoice.Auto);
        Assert.Equal(ComputeDevice.CudaAvailable ? TorchSharp.DeviceType.CUDA : TorchSharp.DeviceType.CPU, device.type);
    }

    [NoCudaFact]
    public void ExplicitCuda_WithoutCuda_IsAnError_NotASilentFallback()
    {
        Assert.Throws<InvalidInputException>(() => ComputeDevice.Resolve(DeviceChoice.Cuda));
    }
}
