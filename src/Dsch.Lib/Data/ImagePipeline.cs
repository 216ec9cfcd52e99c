using Dsch.Data.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Data;

/// <summary>
/// Images → tensors: decode, (augment,) resize bilinearly to S × S, RGB float32 in [0, 1], NCHW. No mean/std
/// normalisation here — each backbone applies its own. Augmentation randomness is keyed by
/// (seed, image index, epoch, view), so a view does not depend on batch order, batch size or thread timing.
/// </summary>
public static class ImagePipeline
{
    /// <summary>Resizes each image to <paramref name="size"/>² and stacks them: (N, 3, S, S). Images are not modified.</summary>
    public static Tensor ToTensor(IReadOnlyList<Image<Rgb24>> images, int size)
    {
        RequireSize(size);
        int n = images.Count, floats = 3 * size * size;
        var buffer = new float[(long)n * floats];
        Parallel.For(0, n, i =>
        {
            ViewRenderer.Render(images[i], size, null, null, buffer.AsSpan(i * floats, floats));
        });
        return torch.tensor(buffer, [n, 3, size, size]); // (N, 3, S, S)
    }

    /// <summary>
    /// Loads the images <paramref name="indices"/> of <paramref name="data"/> as one batch (B, 3, S, S); with
    /// <paramref name="augment"/>, view <paramref name="view"/> of epoch <paramref name="epoch"/> under <paramref name="seed"/>.
    /// </summary>
    public static Tensor LoadBatch(HashingDataset data, IReadOnlyList<int> indices, int size, AugmentationOptions? augment, long seed, int epoch, int view)
    {
        var buffer = LoadPixels(data, indices, size, augment, seed, epoch, view, Environment.ProcessorCount);
        return torch.tensor(buffer, [indices.Count, 3, size, size]); // (B, 3, S, S)
    }

    /// <summary>The host-side work of <see cref="LoadBatch"/>: B·3·S·S floats (B, 3, S, S row-major), decoded on up to <paramref name="workers"/> threads.</summary>
    public static float[] LoadPixels(HashingDataset data, IReadOnlyList<int> indices, int size, AugmentationOptions? augment, long seed, int epoch, int view, int workers) =>
        LoadPixels(data.LoadImage, indices, size, augment, seed, epoch, view, workers);

    /// <summary>
    /// <see cref="LoadPixels(HashingDataset, IReadOnlyList{int}, int, AugmentationOptions?, long, int, int, int)"/> over any
    /// images: <paramref name="load"/> decodes image <c>i</c> (thread-safe; throws <see cref="InvalidInputException"/> on bad data).
    /// </summary>
    public static float[] LoadPixels(Func<int, Image<Rgb24>> load, IReadOnlyList<int> indices, int size, AugmentationOptions? augment, long seed, int epoch, int view, int workers)
    {
        RequireSize(size);
        augment?.Validate();
        int floats = 3 * size * size;
        var buffer = new float[(long)indices.Count * floats];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers) };
        try
        {
            Parallel.For(0, indices.Count, options, k =>
            {
                using var image = load(indices[k]);
                var random = augment is null ? null : SeededRandom.Derive(seed, indices[k], epoch, view);
                ViewRenderer.Render(image, size, augment, random, buffer.AsSpan(k * floats, floats));
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is InvalidInputException) is { } bad)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(bad); // the first bad image, with its file and record, not a wrapper
        }
        return buffer;
    }

    static void RequireSize(int size)
    {
        if (size is < 1 or > 1024) throw new InvalidInputException($"--size: {size} is outside 1..1024 pixels");
    }
}
