using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dsch.Runtime;

/// <summary>
/// glibc's allocator set up for libtorch's temporaries: buffers up to <see cref="MmapThreshold"/> come from the heap
/// and up to <see cref="TrimThreshold"/> of free memory stays there, instead of glibc's adaptive defaults, which hand
/// the activations of a forward or backward pass (a few MB each, allocated and freed every batch) back to the kernel
/// and fault them in again, page by page, on every batch. Applied once when this library loads.
/// </summary>
/// <remarks>
/// [decision] Measured in docs/performance.md ("Batches side by side, and the allocator"): the same settings given
/// as glibc's environment variables made two-thread extraction and the fine-tuning step's backward pass markedly
/// faster, with unchanged results (the allocator decides where a tensor lives, not what is computed). The cost is up
/// to <see cref="TrimThreshold"/> of freed memory kept per glibc arena. A user's own <c>MALLOC_*</c> or
/// <c>GLIBC_TUNABLES</c> setting wins; off glibc (macOS, Windows, musl) nothing happens.
/// </remarks>
public static class NativeHeap
{
    /// <summary>Requests up to this size come from the heap rather than their own mapping (glibc's default adapts from 128 KiB up to 32 MiB).</summary>
    public const int MmapThreshold = 64 << 20;

    /// <summary>Free memory at the top of a heap is returned to the kernel only beyond this size (glibc's default: twice the adaptive threshold).</summary>
    public const int TrimThreshold = 128 << 20;

    const int M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3;   // malloc.h

    static readonly Lazy<bool> Applied = new(() => Configure(Environment.GetEnvironmentVariable));

    /// <summary>True when this process's allocator took the settings.</summary>
    public static bool Configured => Applied.Value;

#pragma warning disable CA2255 // a library's module initializer: the setting must precede libtorch's first allocations in every host (CLI, notebooks, tests)
    [ModuleInitializer]
    internal static void OnLoad() => _ = Applied.Value;
#pragma warning restore CA2255

    /// <summary>Applies the settings unless <paramref name="environment"/> carries the user's own; true when applied.</summary>
    internal static bool Configure(Func<string, string?> environment)
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || UserSetting(environment)) return false;
        try
        {
            return mallopt(M_MMAP_THRESHOLD, MmapThreshold) == 1 && mallopt(M_TRIM_THRESHOLD, TrimThreshold) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;                                          // not glibc
        }
    }

    /// <summary>True when the user tuned glibc's allocator themselves (environment variables or tunables).</summary>
    internal static bool UserSetting(Func<string, string?> environment) =>
        new[] { "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_MAX_" }.Any(name => environment(name) is not null)
        || (environment("GLIBC_TUNABLES") ?? "").Contains("glibc.malloc.", StringComparison.Ordinal);

    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int mallopt(int parameter, int value);
}
