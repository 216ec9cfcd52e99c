using System.Diagnostics;
using Dsch.Retrieval;
using Dsch.Runtime;
using static TorchSharp.torch;

namespace Dsch.Inference;

/// <summary>Progress of an encoding: images done of the shard's, throughput and time left.</summary>
public sealed record EncodeProgress(int Done, int Total, double ImagesPerSecond, TimeSpan Eta);

/// <summary>
/// Encodes the images of one shard of an <see cref="ImageSelection"/> with a <see cref="TrainedRun"/>: batches of
/// <see cref="BatchSize"/> images through <see cref="ImageSelection.LoadPixels"/> and <see cref="TrainedRun.Encode"/>,
/// binarised by <see cref="HashCodes.From(ReadOnlySpan{float}, int, int)"/> (sign, 0 → +1) — the same steps as the run's
/// own query/database codes. Nothing is written here; the result is a <see cref="CodeSet"/> with its manifest.
/// </summary>
public static class RunEncoding
{
    /// <summary>Images per forward pass (the trainer's encoding batch).</summary>
    public const int BatchSize = 64;

    /// <summary>
    /// The codes of <paramref name="shard"/>'s rows of <paramref name="selection"/>. With <paramref name="packed"/> the code
    /// length must be a multiple of 8 (checked before any image is read).
    /// </summary>
    public static CodeSet Encode(TrainedRun run, ImageSelection selection, ShardSpec shard, bool packed, IProgress<EncodeProgress>? progress = null)
    {
        if (packed && run.Bits % 8 != 0)
            throw new InvalidInputException($"--packed: {run.Directory} makes {run.Bits}-bit codes, not a multiple of 8 (refused rather than padded; omit --packed for ±1 codes)");
        var (start, end) = shard.Range(selection.Count);
        int rows = end - start, L = run.Bits;
        var continuous = new float[(long)rows * L];                                       // (rows, L)
        var clock = Stopwatch.StartNew();
        int done = 0;
        InferenceStreams.ForEachBatch(run.Device, rows, BatchSize,                         // batches side by side on the CPU's threads
            batch => tensor(selection.LoadPixels(Enumerable.Range(start + batch.Start, batch.Length).ToArray(), run.InputSize),
                [batch.Length, 3, run.InputSize, run.InputSize]),                          // (B, 3, S, S)
            (batch, images) =>
            {
                using var scope = NewDisposeScope();
                using var owned = images;
                var codes = run.Encode(images).contiguous();                               // (B, L)
                codes.data<float>().CopyTo(continuous, batch.Start * L);
                lock (continuous)
                {
                    done += batch.Length;
                    double rate = done / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                    progress?.Report(new EncodeProgress(done, rows, rate, TimeSpan.FromSeconds((rows - done) / Math.Max(rate, 1e-9))));
                }
            });
        HashCodes binary;
        try
        {
            binary = HashCodes.From(continuous, rows, L);
        }
        catch (ArgumentException e)
        {
            throw new InvalidInputException($"encode: the model gave a non-number code ({e.Message}); the run's weights are damaged");
        }
        var manifest = new CodeManifest(1, run.Directory, run.Fingerprint, L, packed, rows, selection.Source, selection.Fingerprint,
            new ShardRows(shard.Index, shard.Count, start, end, selection.Count));
        return new CodeSet(binary, selection.Ids.Skip(start).Take(rows).ToArray(), manifest);
    }
}
