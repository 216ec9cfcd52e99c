using System.Runtime.ExceptionServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Runtime;

/// <summary>
/// Runs independent inference work — whole batches through a frozen network — on several CPU threads at once, each
/// with its share of libtorch's intra-op threads: parallelism across batches instead of inside each operation.
/// </summary>
/// <remarks>
/// [decision] The small convolutions of a 32–64 px ResNet-18 split poorly over libtorch's thread team (one thread
/// runs them at PyTorch's speed, two gain far less than twice); two batches side by side, one thread each, keep both
/// cores busy without a synchronisation per operation (docs/performance.md, "Feature extraction"). Every image's
/// features are independent of the batch it is in and of the thread count, so the results do not move.
/// libtorch keeps the thread count per thread (OpenMP) plus a process-wide default that new threads start from: each
/// stream fixes its own count under a lock, and the caller restores the default before the work starts.
/// </remarks>
public static class InferenceStreams
{
    /// <summary>At most this many streams: beyond it the activations of the batches in flight cost more memory than the threads gain.</summary>
    public const int MaxStreams = 4;

    static readonly object Gate = new();

    /// <summary>Streams for <paramref name="work"/> independent items on <paramref name="device"/>: one per intra-op thread on the CPU (at most <see cref="MaxStreams"/> and the work), one elsewhere.</summary>
    public static int CountFor(Device device, int work) =>
        device.type == DeviceType.CPU ? Math.Clamp(Math.Min(get_num_threads(), MaxStreams), 1, Math.Max(1, work)) : 1;

    /// <summary>
    /// Runs <c>body(k, cancel)</c> for every stream k of <paramref name="count"/>, each on its own thread with an equal
    /// share of the caller's intra-op threads; one stream runs on the calling thread. The first failure cancels the
    /// others and is rethrown once all have stopped.
    /// </summary>
    public static void Run(int count, Action<int, CancellationToken> body)
    {
        if (count <= 1)
        {
            body(0, CancellationToken.None);
            return;
        }
        int total = get_num_threads();
        using var cancel = new CancellationTokenSource();
        using var ready = new CountdownEvent(count);
        var errors = new Exception?[count];
        var threads = new Thread[count];
        for (int k = 0; k < count; k++)
        {
            int stream = k, own = Math.Max(1, total / count + (k < total % count ? 1 : 0));
            threads[k] = new Thread(() =>
            {
                try
                {
                    lock (Gate)
                    {
                        set_num_threads(own);
                        _ = get_num_threads();      // libtorch initialises this thread's count now, from the value just set
                    }
                }
                finally { ready.Signal(); }
                try { body(stream, cancel.Token); }
                catch (Exception e)
                {
                    errors[stream] = e;
                    cancel.Cancel();
                }
            }) { IsBackground = true, Name = $"inference stream {k}" };
            threads[k].Start();
        }
        ready.Wait();
        set_num_threads(total);                     // the process default and this thread's count, as before
        foreach (var thread in threads) thread.Join();
        var first = errors.FirstOrDefault(e => e is not null && e is not OperationCanceledException) ?? errors.FirstOrDefault(e => e is not null);
        if (first is not null) ExceptionDispatchInfo.Capture(first).Throw();
    }
}
