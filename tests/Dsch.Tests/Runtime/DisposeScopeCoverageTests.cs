using Dsch.Baselines;
using Dsch.Components;
using Dsch.Tests.Training;
using Dsch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Tests.Runtime;

/// <summary>
/// The library's work runs inside dispose scopes, even when its caller opened none. A temporary tensor outside a
/// scope (the <c>a - b</c> of <c>(a - b).abs()</c>) is held by nothing once its handle has been read, and a
/// collection started by another thread can run its finalizer while libtorch still uses it (a native crash in a
/// stress loop of <c>t.neg().sum()</c> with an allocating thread beside; none with a scope open). A dispose scope
/// holds every tensor made inside it, so an entry point that opens one is safe from any caller.
/// </summary>
public class DisposeScopeCoverageTests
{
    [Fact]
    public void Training_MakesNoTensorOutsideADisposeScope_AfterItsSetup()
    {
        // Setup (the head's parameters, the optimiser's moments) lives as long as the run and is held by the head and
        // the optimiser; every epoch's E-step, batches, loss, step and evaluation must run in scopes, so the count of
        // tensors made outside them may not grow with the number of epochs.
        var features = DschTrainerTests.Synthetic();
        long oneEpoch = TensorsMadeOutsideScopes(() => new DschTrainer(DschTrainerTests.Options(epochs: 1), CPU).TrainFrozen(features));
        long threeEpochs = TensorsMadeOutsideScopes(() => new DschTrainer(DschTrainerTests.Options(epochs: 3), CPU).TrainFrozen(features));
        Assert.Equal(oneEpoch, threeEpochs);
        Assert.InRange(oneEpoch, 0, 32);
    }

    [Theory]
    [InlineData("lsh")]
    [InlineData("pcah")]
    [InlineData("itq")]
    [InlineData("sh")]
    public void Baselines_MakeNoTensorOutsideADisposeScope(string method)
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 200 * 12).Select(_ => random.NextDouble()).ToArray();
        var features = new FeatureMatrix(values, 200, 12);
        long made = TensorsMadeOutsideScopes(() => Hasher.Fit(method, features, 8, seed: 1).Encode(features));
        Assert.Equal(0, made);
    }

    /// <summary>Runs <paramref name="work"/> on a fresh thread (no scope open) and counts tensors it made outside scopes.</summary>
    static long TensorsMadeOutsideScopes(Action work)
    {
        long made = -1;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                var statistics = DisposeScopeManager.Statistics;
                statistics.Reset();
                work();
                made = statistics.CreatedOutsideScopeCount;
            }
            catch (Exception e) { failure = e; }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) throw new InvalidOperationException("the work failed", failure);
        return made;
    }
}
