using Dsch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Tests.Runtime;

/// <summary>
/// <see cref="InferenceStreams"/>: each stream runs with its share of the intra-op threads, the caller and threads
/// started later keep the process's count, one stream's failure stops the others and reaches the caller.
/// (That the extracted features do not move is <c>ExtractionBitIdentityTests</c>'.)
/// </summary>
public class InferenceStreamsTests
{
    static T WithThreads<T>(int threads, Func<T> body)
    {
        int before = get_num_threads();
        set_num_threads(threads);
        try { return body(); }
        finally { set_num_threads(before); }
    }

    static int OnFreshThread(Func<int> body)
    {
        int value = 0;
        var thread = new Thread(() => value = body());
        thread.Start();
        thread.Join();
        return value;
    }

    [Theory]
    [InlineData(2, 2, new[] { 1, 1 })]
    [InlineData(3, 2, new[] { 2, 1 })]
    [InlineData(4, 3, new[] { 2, 1, 1 })]
    public void EachStream_RunsWithItsShare_AndTheCallersCountIsKept(int total, int streams, int[] shares)
    {
        var (seen, after, fresh) = WithThreads(total, () =>
        {
            var counts = new int[streams];
            InferenceStreams.Run(streams, (k, _) =>
            {
                Thread.Sleep(50);                                   // the caller restores the default meanwhile
                using var x = ones(1 << 16).sqrt_();                // a parallel libtorch operation on this stream
                counts[k] = get_num_threads();
            });
            return (counts, get_num_threads(), OnFreshThread(get_num_threads));
        });
        Assert.Equal(shares, seen);
        Assert.Equal(total, after);
        Assert.Equal(total, fresh);
    }

    [Fact]
    public void OneStream_RunsOnTheCallingThread()
    {
        int caller = Environment.CurrentManagedThreadId, ran = -1;
        InferenceStreams.Run(1, (_, _) => ran = Environment.CurrentManagedThreadId);
        Assert.Equal(caller, ran);
    }

    [Fact]
    public void AFailingStream_CancelsTheOthers_AndItsErrorReachesTheCaller()
    {
        bool cancelled = false;
        var error = Assert.Throws<InvalidInputException>(() => WithThreads(2, () =>
        {
            InferenceStreams.Run(2, (k, cancel) =>
            {
                if (k == 1) throw new InvalidInputException("batch 3: broken image");
                cancelled = cancel.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
            });
            return 0;
        }));
        Assert.Equal("batch 3: broken image", error.Message);
        Assert.True(cancelled, "the healthy stream was not cancelled");
    }

    [Fact]
    public void CountFor_IsOnePerThread_BoundedByTheWork_AndOneOffTheCpu()
    {
        Assert.Equal(2, WithThreads(2, () => InferenceStreams.CountFor(CPU, 100)));
        Assert.Equal(1, WithThreads(2, () => InferenceStreams.CountFor(CPU, 1)));
        Assert.Equal(1, WithThreads(1, () => InferenceStreams.CountFor(CPU, 100)));
        Assert.Equal(InferenceStreams.MaxStreams, WithThreads(InferenceStreams.MaxStreams + 2, () => InferenceStreams.CountFor(CPU, 100)));
        Assert.Equal(1, WithThreads(2, () => InferenceStreams.CountFor(new Device(DeviceType.CUDA), 100)));
    }
}
