using Dsch.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Notebooks;

/// <summary>
/// One M-step batch as the EM loop forms it in frozen-features mode (docs/method.md, "M-step"): B distinct training
/// images, two different cached augmented views of each, interleaved so that rows 2b and 2b+1 are image b.
/// </summary>
/// <param name="Data">The notebook's data (its training split and feature options, for drawing the views).</param>
/// <param name="Images">The B training rows (indices into the training set, 0 … N−1).</param>
/// <param name="FirstView">Cached view a of each image, length B.</param>
/// <param name="SecondView">Cached view b ≠ a of each image, length B.</param>
/// <param name="Inputs">Backbone features of the 2B views, (2B, D): the hash head's input.</param>
/// <param name="Rows">Training row of each of the 2B views, (2B): image b at rows 2b and 2b+1 — what
/// <c>ComponentStructure.ForRows</c> takes to pick the batch's rows of P1 and P2.</param>
public sealed record LabBatch(LabData Data, long[] Images, long[] FirstView, long[] SecondView, Tensor Inputs, Tensor Rows)
{
    /// <summary>B, the images in the batch.</summary>
    public int B => Images.Length;

    /// <summary>
    /// The two augmented views of each image as the backbone saw them when the cache was built (view v of training
    /// image i is rendered by the pipeline keyed by (augmentation seed, image, 0, v)): view a in the top row, view b
    /// below it, one column per image, upscaled to <paramref name="tile"/> pixels.
    /// </summary>
    public HtmlFragment Montage(int tile = 48)
    {
        var features = Data.Preset.Features;
        var augment = features.Augmentation ?? AugmentationOptions.Paper;
        int size = features.InputSize;
        var cells = Enumerable.Range(0, B).SelectMany(b => new[] { 0, 1 }.Select(row => new GridCell(b, row, () =>
        {
            int image = Data.Data.Split.Train[Images[b]], view = (int)(row == 0 ? FirstView[b] : SecondView[b]);
            return Picture(ImagePipeline.LoadPixels(Data.Data, [image], size, augment, features.AugmentationSeed, epoch: 0, view, workers: 1), size);
        })));
        using var canvas = ImageGrid.Draw(new ImageGridLayout(tile, Smooth: false), cells, B, 2);
        return HtmlFragment.FromImage(canvas, $"{B} images (columns): view a (top) and view b (bottom), {size} px as cached");
    }

    /// <summary>An S × S RGB picture from the pipeline's (3, S, S) floats in [0, 1].</summary>
    static Image<Rgb24> Picture(float[] pixels, int size)
    {
        var image = new Image<Rgb24>(size, size);
        int plane = size * size;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                int at = y * size + x;
                image[x, y] = new Rgb24(Byte(pixels[at]), Byte(pixels[plane + at]), Byte(pixels[2 * plane + at]));
            }
        return image;
    }

    static byte Byte(float value) => (byte)Math.Clamp(MathF.Round(value * 255f), 0f, 255f);
}
