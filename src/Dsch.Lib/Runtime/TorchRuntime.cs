using System.Reflection;
using TorchSharp;

namespace Dsch.Runtime;

/// <summary>Versions and settings of the TorchSharp runtime, for provenance and <c>dsch info</c>.</summary>
public static class TorchRuntime
{
    /// <summary>The TorchSharp assembly's informational version, e.g. <c>0.107.0</c>.</summary>
    public static string TorchSharpVersion => InformationalVersion(typeof(torch).Assembly);

    /// <summary>The libtorch version TorchSharp was built against (<c>torch.__version__</c>).</summary>
    public static string LibTorchVersion => torch.__version__;

    /// <summary>This library's version.</summary>
    public static string DschVersion => InformationalVersion(typeof(TorchRuntime).Assembly);

    /// <summary>Intra-op threads libtorch uses on the CPU.</summary>
    public static int CpuThreads => torch.get_num_threads();

    /// <summary>Seeds libtorch's global generator (CPU and, when present, CUDA).</summary>
    public static void Seed(long seed) => torch.manual_seed(seed);

    /// <summary>Informational version without the source-revision suffix.</summary>
    public static string InformationalVersion(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? assembly.GetName().Version?.ToString() ?? "unknown";
        int plus = version.IndexOf('+');
        return plus < 0 ? version : version[..plus];
    }
}
