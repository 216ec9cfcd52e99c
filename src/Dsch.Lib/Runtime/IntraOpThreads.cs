using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Runtime;

/// <summary>
/// Sets libtorch's CPU intra-op thread count for a block and restores it on dispose — the threading
/// model of NumPy + BLAS: the long chains of small element-wise operations, reductions and batched
/// 64×64 factorisations run on <see cref="Single"/> thread, only the large matrix products on
/// <see cref="All"/> of them. Measured on the shared two-core machine: synchronising the OpenMP
/// threads for every small operation made k-means++ 10× and the log-sum-exp 2× slower than one
/// thread. A no-op (null) on GPUs.
/// </summary>
public sealed class IntraOpThreads : IDisposable
{
    /// <summary>The process's thread count before any limit (libtorch's default or the user's setting).</summary>
    static readonly int Configured = get_num_threads();

    readonly int previous = get_num_threads();

    IntraOpThreads(int count) => set_num_threads(count);

    /// <summary>One intra-op thread for the enclosed CPU work.</summary>
    public static IntraOpThreads? Single(Device device) => device.type == DeviceType.CPU ? new IntraOpThreads(1) : null;

    /// <summary>Exactly <paramref name="count"/> threads for the enclosed CPU work (tests pin the thread count with it).</summary>
    internal static IntraOpThreads Exactly(int count) => new(count);

    /// <summary>All configured threads for the enclosed CPU work (a large matrix product).</summary>
    public static IntraOpThreads? All(Device device) => device.type == DeviceType.CPU ? new IntraOpThreads(Configured) : null;

    /// <inheritdoc />
    public void Dispose() => set_num_threads(previous);
}
