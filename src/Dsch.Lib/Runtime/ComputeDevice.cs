using TorchSharp;

namespace Dsch.Runtime;

/// <summary>Which device to compute on, as the user asks for it.</summary>
public enum DeviceChoice
{
    /// <summary>CUDA when a CUDA-enabled libtorch and a GPU are present, otherwise the CPU.</summary>
    Auto,
    /// <summary>Always the CPU.</summary>
    Cpu,
    /// <summary>CUDA; an error when it is not available.</summary>
    Cuda,
}

/// <summary>Resolves a <see cref="DeviceChoice"/> to a TorchSharp device.</summary>
/// <remarks>
/// The CPU build (the default, <c>-p:TorchBackend=cpu</c>) never reports CUDA as available, so
/// <see cref="DeviceChoice.Auto"/> is always the CPU there. A GPU user builds with
/// <c>-p:TorchBackend=cuda</c>; the same code then picks <c>cuda</c>. Decision: no silent fallback
/// when <c>cuda</c> is asked for explicitly.
/// </remarks>
public static class ComputeDevice
{
    /// <summary>Parses <c>auto</c>, <c>cpu</c> or <c>cuda</c> (case-insensitive).</summary>
    public static DeviceChoice Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => DeviceChoice.Auto,
        "cpu" => DeviceChoice.Cpu,
        "cuda" or "gpu" => DeviceChoice.Cuda,
        _ => throw new InvalidInputException($"--device: '{text}' is not one of auto, cpu, cuda"),
    };

    /// <summary>True when libtorch was built with CUDA and sees at least one GPU.</summary>
    public static bool CudaAvailable => torch.cuda.is_available();

    /// <summary>The device for <paramref name="choice"/>.</summary>
    public static torch.Device Resolve(DeviceChoice choice = DeviceChoice.Auto) => choice switch
    {
        DeviceChoice.Cpu => torch.CPU,
        DeviceChoice.Cuda when CudaAvailable => torch.CUDA,
        DeviceChoice.Cuda => throw new InvalidInputException(
            "--device cuda: CUDA is not available (this build uses the CPU libtorch, or no GPU is visible); " +
            "build with -p:TorchBackend=cuda on a machine with an NVIDIA GPU, or use --device auto"),
        _ => CudaAvailable ? torch.CUDA : torch.CPU,
    };
}
