using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Data.Images;

/// <summary>
/// Turns one decoded image into one view: CHW floats in [0, 1] of size S × S. Without augmentation the whole image
/// is resized to S × S; with it, the <see cref="AugmentationOptions"/> recipe is applied with the given generator.
/// Resizing is bilinear (<see cref="BilinearResampler"/>; anti-aliased when shrinking, as PIL does).
/// </summary>
internal static class ViewRenderer
{
    /// <summary>Renders <paramref name="image"/> (not modified) into <paramref name="chw"/> (3·S·S floats).</summary>
    public static void Render(Image<Rgb24> image, int size, AugmentationOptions? augment, SeededRandom? random, Span<float> chw)
    {
        var crop = augment is null ? new Rectangle(0, 0, image.Width, image.Height) : RandomResizedCrop(image.Width, image.Height, augment, random!);
        BilinearResampler.Resample(image, crop, size, chw);
        if (augment is not null) Photometric(chw, size, augment, random!);
    }

    /// <summary>torchvision's <c>RandomResizedCrop.get_params</c>: 10 tries at a random area and log-uniform aspect, else a centre crop.</summary>
    internal static Rectangle RandomResizedCrop(int width, int height, AugmentationOptions o, SeededRandom random)
    {
        double area = (double)width * height;
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double target = area * random.Uniform(o.CropScaleMin, o.CropScaleMax);
            double aspect = Math.Exp(random.Uniform(Math.Log(o.CropRatioMin), Math.Log(o.CropRatioMax)));
            int w = (int)Math.Round(Math.Sqrt(target * aspect)), h = (int)Math.Round(Math.Sqrt(target / aspect));
            if (w > 0 && h > 0 && w <= width && h <= height)
                return new Rectangle(random.NextInt(width - w + 1), random.NextInt(height - h + 1), w, h);
        }
        double ratio = (double)width / height;
        int cw = width, ch = height;
        if (ratio < o.CropRatioMin) ch = (int)Math.Round(cw / o.CropRatioMin);
        else if (ratio > o.CropRatioMax) cw = (int)Math.Round(ch * o.CropRatioMax);
        return new Rectangle((width - cw) / 2, (height - ch) / 2, cw, ch);
    }

    static void Photometric(Span<float> chw, int size, AugmentationOptions o, SeededRandom random)
    {
        if (random.NextDouble() < o.FlipProbability) ColorOps.FlipHorizontal(chw, size, size);
        if (random.NextDouble() < o.JitterProbability)
        {
            float brightness = (float)random.Uniform(Math.Max(0, 1 - o.Brightness), 1 + o.Brightness);
            float contrast = (float)random.Uniform(Math.Max(0, 1 - o.Contrast), 1 + o.Contrast);
            float saturation = (float)random.Uniform(Math.Max(0, 1 - o.Saturation), 1 + o.Saturation);
            float hue = (float)random.Uniform(-o.Hue, o.Hue);
            int[] order = [0, 1, 2, 3];
            random.Shuffle(order);
            foreach (int op in order)
                switch (op)
                {
                    case 0: ColorOps.Brightness(chw, brightness); break;
                    case 1: ColorOps.Contrast(chw, contrast); break;
                    case 2: ColorOps.Saturation(chw, saturation); break;
                    default: if (hue != 0) ColorOps.Hue(chw, hue); break;
                }
        }
        if (random.NextDouble() < o.GrayscaleProbability) ColorOps.Grayscale(chw);
        if (random.NextDouble() < o.BlurProbability) ColorOps.GaussianBlur3(chw, size, size, (float)random.Uniform(o.BlurSigmaMin, o.BlurSigmaMax));
    }
}
