using System.Collections;
using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Data;

/// <summary>How a <see cref="BatchLoader"/> batches and prefetches.</summary>
/// <param name="BatchSize">Images per batch B.</param>
/// <param name="Size">Output side S in pixels.</param>
/// <param name="Augment">Augmentation recipe, or null for plain resized images.</param>
/// <param name="Views">Views per image (2 for DSCH training: two augmented views of each image).</param>
/// <param name="Shuffle">Shuffle the indices each epoch (seeded by seed and epoch).</param>
/// <param name="DropLast">Drop a final batch smaller than B.</param>
/// <param name="Prefetch">Batches decoded ahead (bounded queue).</param>
/// <param name="Workers">Decoding threads per batch; 0 = all cores.</param>
public sealed record BatchLoaderOptions(int BatchSize, int Size, AugmentationOptions? Augment = null, int Views = 1,
    bool Shuffle = false, bool DropLast = false, int Prefetch = 2, int Workers = 0)
{
    /// <summary>Throws <see cref="InvalidInputException"/> naming the first invalid option; returns this.</summary>
    public BatchLoaderOptions Validate()
    {
        if (BatchSize < 1) throw new InvalidInputException($"--batch-size: {BatchSize} must be ≥ 1");
        if (Views < 1) throw new InvalidInputException($"views: {Views} must be ≥ 1");
        if (Prefetch < 1) throw new InvalidInputException($"prefetch: {Prefetch} must be ≥ 1");
        if (Workers < 0) throw new InvalidInputException($"workers: {Workers} must be ≥ 0");
        Augment?.Validate();
        return this;
    }
}

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
/// <see cref="BatchLoaderOptions.Prefetch"/> batches ready (host float buffers), so decoding overlaps training.
/// Tensors are created on the consuming thread, inside its dispose scope. Output is independent of timing:
/// each view is keyed by (seed, image index, epoch, view).
/// </summary>
public sealed class BatchLoader : IEnumerable<LoadedBatch>
{
    readonly HashingDataset _data;
    readonly int[] _order;
    readonly BatchLoaderOptions _options;
    readonly long _seed;
    readonly int _epoch;

    /// <summary>Batches of <paramref name="indices"/> for epoch <paramref name="epoch"/> under <paramref name="seed"/>.</summary>
    public BatchLoader(HashingDataset data, IReadOnlyList<int> indices, BatchLoaderOptions options, long seed, int epoch)
    {
        (_data, _options, _seed, _epoch) = (data, options.Validate(), seed, epoch);
        _order = [.. indices];
        if (options.Shuffle) SeededRandom.Derive(seed, -1, epoch).Shuffle(_order);
    }

    /// <summary>Number of batches this epoch yields.</summary>
    public int BatchCount => _options.DropLast ? _order.Length / _options.BatchSize : (_order.Length + _options.BatchSize - 1) / _options.BatchSize;

    /// <summary>Starts the background decoding and yields the batches in order.</summary>
    public IEnumerator<LoadedBatch> GetEnumerator()
    {
        using var stop = new CancellationTokenSource();
        using var queue = new BlockingCollection<(int[] Indices, float[][] Views, Exception? Error)>(_options.Prefetch);
        var producer = Task.Run(() => Produce(queue, stop.Token));
        try
        {
            foreach (var (indices, views, error) in queue.GetConsumingEnumerable())
            {
                if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
                int s = _options.Size;
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
            int workers = _options.Workers == 0 ? Environment.ProcessorCount : _options.Workers;
            for (int b = 0; b < BatchCount && !stop.IsCancellationRequested; b++)
            {
                int start = b * _options.BatchSize;
                var indices = _order[start..Math.Min(_order.Length, start + _options.BatchSize)];
                var views = new float[_options.Views][];
                for (int v = 0; v < _options.Views; v++)
                    views[v] = ImagePipeline.LoadPixels(_data, indices, _options.Size, _options.Augment, _seed, _epoch, v, workers);
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
