using System.Collections;
using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Data;

/// <summary>One batch: the dataset indices and one (B, 3, S, S) tensor per view. Dispose it (or let a dispose scope own its tensors).</summary>
public sealed class LoadedBatch : IDisposable
{
    internal LoadedBatch(int[] indices, Tensor[] views) => (Indices, Views) = (indices, views);

    /// <summary>Dataset indices of the B images, in batch order.</summary>
    public int[] Indices { get; }

    /// <summary>Per view, the images as (B, 3, S, S) float32 in [0, 1].</summary>
    public Tensor[] Views { get; }

    /// <summary>Disposes the view tensors.</summary>
    public void Dispose()
    {
        foreach (var view in Views) view.Dispose();
    }
}

/// <summary>
/// One epoch of batches over a list of indices, decoded on a background task that keeps at most
/// <c>prefetch</c> batches ready (host float buffers), so decoding overlaps training.
/// Tensors are created on the consuming thread, inside its dispose scope. Output is independent of timing:
/// each view is keyed by (seed, image index, epoch, view).
/// </summary>
public sealed class BatchLoader : IEnumerable<LoadedBatch>
{
    readonly HashingDataset _data;
    readonly int[] _order;
    readonly int _batchSize, _size, _views, _prefetch, _workers;
    readonly AugmentationOptions? _augment;
    readonly bool _dropLast;
    readonly long _seed;
    readonly int _epoch;

    /// <summary>Batches of <paramref name="indices"/> for epoch <paramref name="epoch"/> under <paramref name="seed"/>.</summary>
    /// <param name="data">The dataset the indices point into.</param>
    /// <param name="indices">Dataset indices to batch, in order (before shuffling).</param>
    /// <param name="batchSize">Images per batch B.</param>
    /// <param name="size">Output side S in pixels.</param>
    /// <param name="seed">Run seed; keys the shuffle and every augmentation draw.</param>
    /// <param name="epoch">Epoch number; keys the shuffle and every augmentation draw.</param>
    /// <param name="augment">Augmentation recipe, or null for plain resized images.</param>
    /// <param name="views">Views per image (2 for DSCH training: two augmented views of each image).</param>
    /// <param name="shuffle">Shuffle the indices each epoch (seeded by seed and epoch).</param>
    /// <param name="dropLast">Drop a final batch smaller than B.</param>
    /// <param name="prefetch">Batches decoded ahead (bounded queue).</param>
    /// <param name="workers">Decoding threads per batch; 0 = all cores.</param>
    /// <exception cref="InvalidInputException">A setting is out of range (the message names the first one).</exception>
    public BatchLoader(HashingDataset data, IReadOnlyList<int> indices, int batchSize, int size, long seed, int epoch,
        AugmentationOptions? augment = null, int views = 1, bool shuffle = false, bool dropLast = false, int prefetch = 2, int workers = 0)
    {
        if (batchSize < 1) throw new InvalidInputException($"--batch-size: {batchSize} must be ≥ 1");
        if (views < 1) throw new InvalidInputException($"views: {views} must be ≥ 1");
        if (prefetch < 1) throw new InvalidInputException($"prefetch: {prefetch} must be ≥ 1");
        if (workers < 0) throw new InvalidInputException($"workers: {workers} must be ≥ 0");
        augment?.Validate();
        (_data, _seed, _epoch) = (data, seed, epoch);
        (_batchSize, _size, _augment, _views, _dropLast, _prefetch, _workers) = (batchSize, size, augment, views, dropLast, prefetch, workers);
        _order = [.. indices];
        if (shuffle) SeededRandom.Derive(seed, -1, epoch).Shuffle(_order);
    }

    /// <summary>Number of batches this epoch yields.</summary>
    public int BatchCount => _dropLast ? _order.Length / _batchSize : (_order.Length + _batchSize - 1) / _batchSize;

    /// <summary>Starts the background decoding and yields the batches in order.</summary>
    public IEnumerator<LoadedBatch> GetEnumerator()
    {
        using var stop = new CancellationTokenSource();
        using var queue = new BlockingCollection<(int[] Indices, float[][] Views, Exception? Error)>(_prefetch);
        var producer = Task.Run(() => Produce(queue, stop.Token));
        try
        {
            foreach (var (indices, views, error) in queue.GetConsumingEnumerable())
            {
                if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
                int s = _size;
                yield return new LoadedBatch(indices, [.. views.Select(v => torch.tensor(v, [indices.Length, 3, s, s]))]); // (B, 3, S, S)
            }
        }
        finally
        {
            stop.Cancel();
            while (queue.TryTake(out _)) { } // unblock a producer waiting on a full queue
            try { producer.Wait(); } catch (AggregateException) { }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void Produce(BlockingCollection<(int[], float[][], Exception?)> queue, CancellationToken stop)
    {
        try
        {
            int workers = _workers == 0 ? Environment.ProcessorCount : _workers;
            for (int b = 0; b < BatchCount && !stop.IsCancellationRequested; b++)
            {
                int start = b * _batchSize;
                var indices = _order[start..Math.Min(_order.Length, start + _batchSize)];
                var views = new float[_views][];
                for (int v = 0; v < _views; v++)
                    views[v] = ImagePipeline.LoadPixels(_data, indices, _size, _augment, _seed, _epoch, v, workers);
                queue.Add((indices, views, null), stop);
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e)
        {
            try { queue.Add(([], [], e), stop); } catch (OperationCanceledException) { }
        }
        finally
        {
            queue.CompleteAdding();
        }
    }
}
