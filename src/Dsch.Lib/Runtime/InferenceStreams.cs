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
/// runs them at PyTorch's speed, two gain far less than twice); two batches side by side, one thread each, ran faster
/// than one batch over both threads once <see cref="NativeHeap"/> kept the activations' memory (docs/performance.md,
/// "Batches side by side, and the allocator"). An image's features do not depend on its batch or on the thread count,
/// so the results do not move.
/// libtorch keeps the thread count per thread (OpenMP) plus a process-wide default that new threads start from: each
/// stream fixes its own count under a lock, and the caller restores the default before the work starts.
/// Failures report as a loop over the batches in order would: the error of the lowest failing batch is rethrown, after
/// every batch before it has run (batches after it may have run too, and none is started once it failed).
/// </remarks>
public static class InferenceStreams
{
    /// <summary>At most this many streams, which bounds the batches in flight (one per stream) on many-core machines; only 2 cores were measured.</summary>
    public const int MaxStreams = 4;

    static readonly object Gate = new();

    /// <summary>Batch <see cref="Index"/> of a run over items: items <see cref="Start"/> … Start + <see cref="Length"/> − 1.</summary>
    /// <param name="Index">0-based batch number.</param>
    /// <param name="Start">First item of the batch.</param>
    /// <param name="Length">Items in the batch (the batch size, or fewer for the last).</param>
    public readonly record struct Batch(int Index, int Start, int Length);

    /// <summary>Streams for <paramref name="batches"/> independent batches on <paramref name="device"/>: one per intra-op thread on the CPU (at most <see cref="MaxStreams"/> and the batches), one elsewhere.</summary>
    public static int CountFor(Device device, int batches) =>
        device.type == DeviceType.CPU ? Math.Clamp(Math.Min(get_num_threads(), MaxStreams), 1, Math.Max(1, batches)) : 1;

    /// <summary>
    /// Splits <paramref name="items"/> into batches of <paramref name="batchSize"/> (the last may be shorter) and, for
    /// every batch, runs <c>process(batch, load(batch))</c>. Stream k of S (S from <see cref="CountFor"/>) takes batches
    /// k, k + S, …, loading its next batch on a worker thread while it processes the current one.
    /// <paramref name="process"/> owns the loaded item; an item loaded but never processed (after a failure) is disposed
    /// here when it is <see cref="IDisposable"/>.
    /// </summary>
    public static void ForEachBatch<T>(Device device, int items, int batchSize, Func<Batch, T> load, Action<Batch, T> process)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be positive");
        int batches = (items + batchSize - 1) / batchSize;
        Batch At(int b) => new(b, b * batchSize, Math.Min(batchSize, items - b * batchSize));
        int count = CountFor(device, batches);
        var failure = new Failure();
        Run(count, stream => Stream(stream, count, batches, b => load(At(b)), (b, item) => process(At(b), item), failure));
        failure.Rethrow();
    }

    /// <summary>
    /// Runs <c>body(k)</c> for k in 0 … <paramref name="count"/> − 1, each on its own thread with an equal share of the
    /// caller's intra-op threads (a single stream runs on the calling thread); returns when all have, rethrowing the
    /// first stream's error if any failed.
    /// </summary>
    static void Run(int count, Action<int> body)
    {
        if (count <= 1)
        {
            body(0);
            return;
        }
        int total = get_num_threads();
        using var ready = new CountdownEvent(count);
        var threads = new Thread[count];
        var errors = new Exception?[count];
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
                try { body(stream); }
                catch (Exception e) { errors[stream] = e; }
            }) { IsBackground = true, Name = $"stream {k}" };
            threads[k].Start();
        }
        ready.Wait();
        set_num_threads(total);                     // the process default and this thread's count, as before
        foreach (var thread in threads) thread.Join();
        if (errors.FirstOrDefault(e => e is not null) is { } error) ExceptionDispatchInfo.Capture(error).Throw();
    }

    /// <summary>Batches <paramref name="stream"/>, stream + count, … until the end or a failure at an earlier batch.</summary>
    static void Stream<T>(int stream, int count, int batches, Func<int, T> load, Action<int, T> process, Failure failure)
    {
        Task<T>? next = stream < batches ? Task.Run(() => load(stream)) : null;
        try
        {
            for (int b = stream; b < batches && b < failure.Batch; b += count)
            {
                T item;
                try { item = next!.GetAwaiter().GetResult(); }
                catch (Exception e)
                {
                    next = null;
                    failure.Record(b, e);
                    return;
                }
                int following = b + count;
                next = following < batches && following < failure.Batch ? Task.Run(() => load(following)) : null;
                try { process(b, item); }
                catch (Exception e)
                {
                    failure.Record(b, e);
                    return;
                }
            }
        }
        finally
        {
            if (next is not null)
                try { (next.GetAwaiter().GetResult() as IDisposable)?.Dispose(); } catch (Exception) { }
        }
    }

    /// <summary>The lowest failing batch and its error.</summary>
    sealed class Failure
    {
        readonly object _lock = new();
        int _batch = int.MaxValue;
        Exception? _error;

        /// <summary>Batches at or after this one are not started (int.MaxValue while none failed).</summary>
        public int Batch => Volatile.Read(ref _batch);

        public void Record(int batch, Exception error)
        {
            lock (_lock)
            {
                if (batch >= _batch) return;
                _error = error;
                Volatile.Write(ref _batch, batch);
            }
        }

        public void Rethrow()
        {
            if (_error is not null) ExceptionDispatchInfo.Capture(_error).Throw();
        }
    }
}
