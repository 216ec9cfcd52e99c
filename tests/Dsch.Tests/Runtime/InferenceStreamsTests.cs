using System.Collections.Concurrent;
using Dsch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Tests.Runtime;

/// <summary>
/// <see cref="InferenceStreams"/>: each stream runs with its share of the intra-op threads, the caller and threads
/// started later keep the process's count, failures report as a loop in batch order would, and nothing loaded is
/// leaked. (That the extracted features and codes do not move is ExtractionBitIdentityTests' and ImageInputsEncodeTests'.)
/// </summary>
[Collection(ProcessThreadCountCollection.Name)]
public class InferenceStreamsTests
{
    static T WithThreads<T>(int threads, Func<T> body)
    {
        using var pinned = IntraOpThreads.Exactly(threads);
        return body();
    }

    static int OnFreshThread(Func<int> body)
    {
        int value = 0;
        var thread = new Thread(() => value = body());
        thread.Start();
        thread.Join();
        return value;
    }

    sealed class Item(int batch, ConcurrentBag<int> disposed) : IDisposable
    {
        public int Batch => batch;
        public void Dispose() => disposed.Add(batch);
    }

    [Theory]
    [InlineData(2, 2, new[] { 1, 1 })]
    [InlineData(3, 2, new[] { 2, 1 })]
    [InlineData(4, 3, new[] { 2, 1, 1 })]
    public void EachStream_RunsWithItsShare_AndTheCallersCountIsKept(int total, int batches, int[] shares)
    {
        var (seen, after, fresh) = WithThreads(total, () =>
        {
            var counts = new int[batches];                                 // batch b runs on stream b here
            InferenceStreams.ForEachBatch(CPU, batches, 1, batch => batch.Index, (batch, _) =>
            {
                Thread.Sleep(50);                                          // the caller restores the default meanwhile
                using var x = ones(1 << 16).sqrt_();                       // a parallel libtorch operation on this stream
                counts[batch.Index] = get_num_threads();
            });
            return (counts, get_num_threads(), OnFreshThread(get_num_threads));
        });
        Assert.Equal(shares, seen);
        Assert.Equal(total, after);
        Assert.Equal(total, fresh);
    }

    [Fact]
    public void EveryBatch_IsProcessedOnce_WithItsOwnLoad_AndItsItems()
    {
        var processed = new ConcurrentDictionary<int, (InferenceStreams.Batch Batch, int Loaded)>();
        WithThreads(2, () =>
        {
            InferenceStreams.ForEachBatch(CPU, 293, 8, batch => batch.Index * 10,
                (batch, loaded) => processed.AddOrUpdate(batch.Index, (batch, loaded), (_, _) => (batch, -1)));
            return 0;
        });
        Assert.Equal(Enumerable.Range(0, 37), processed.Keys.Order());
        Assert.All(processed, pair => Assert.Equal(pair.Key * 10, pair.Value.Loaded));
        Assert.All(processed, pair => Assert.Equal(new InferenceStreams.Batch(pair.Key, 8 * pair.Key, pair.Key < 36 ? 8 : 5), pair.Value.Batch));
    }

    [Fact]
    public void OneThread_ProcessesOnTheCallingThread_InOrder()
    {
        int caller = Environment.CurrentManagedThreadId;
        var order = new List<int>();
        var threads = new HashSet<int>();
        WithThreads(1, () =>
        {
            InferenceStreams.ForEachBatch(CPU, 5, 1, batch => batch.Index, (batch, _) => { order.Add(batch.Index); threads.Add(Environment.CurrentManagedThreadId); });
            return 0;
        });
        Assert.Equal([0, 1, 2, 3, 4], order);
        Assert.Equal([caller], threads);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Failures_ReportTheLowestFailingBatch_AfterEveryEarlierBatch_AndLeakNothing(int threads)
    {
        var processed = new ConcurrentBag<int>();
        var disposed = new ConcurrentBag<int>();
        var loaded = new ConcurrentBag<int>();
        var error = Assert.Throws<InvalidInputException>(() => WithThreads(threads, () =>
        {
            InferenceStreams.ForEachBatch(CPU, 12, 1, batch =>
            {
                if (batch.Index == 4) throw new InvalidInputException("batch 4: broken image");
                loaded.Add(batch.Index);
                return new Item(batch.Index, disposed);
            }, (batch, item) =>
            {
                using var owned = item;
                if (batch.Index == 7) throw new InvalidInputException("batch 7: broken image");
                Thread.Sleep(batch.Index < 4 ? 30 : 0);                    // the later failure may well come first
                processed.Add(batch.Index);
            });
            return 0;
        }));
        Assert.Equal("batch 4: broken image", error.Message);
        Assert.Subset(processed.ToHashSet(), new HashSet<int> { 0, 1, 2, 3 });
        Assert.Equal(loaded.Order(), disposed.Order());                    // processed or not, every loaded item was disposed
    }

    [Fact]
    public void CountFor_IsOnePerThread_BoundedByTheBatches_AndOneOffTheCpu()
    {
        Assert.Equal(2, WithThreads(2, () => InferenceStreams.CountFor(CPU, 100)));
        Assert.Equal(1, WithThreads(2, () => InferenceStreams.CountFor(CPU, 1)));
        Assert.Equal(1, WithThreads(1, () => InferenceStreams.CountFor(CPU, 100)));
        Assert.Equal(InferenceStreams.MaxStreams, WithThreads(InferenceStreams.MaxStreams + 2, () => InferenceStreams.CountFor(CPU, 100)));
        Assert.Equal(1, WithThreads(2, () => InferenceStreams.CountFor(new Device(DeviceType.CUDA), 100)));
    }
}

/// <summary>
/// Tests that read libtorch's process-wide default thread count (what a newly started thread gets) run alone: any test
/// running beside them may change that default (<c>set_num_threads</c>, also inside <see cref="IntraOpThreads"/>).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessThreadCountCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "process-wide thread count";
}
