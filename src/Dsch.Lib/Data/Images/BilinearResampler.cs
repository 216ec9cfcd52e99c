using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Data.Images;

/// <summary>
/// Crops and resizes 8-bit RGB pixels straight into CHW floats in [0, 1] with a separable triangle (bilinear)
/// filter: pixel centres at half-integers; when shrinking, the triangle widens to the scale factor so every
/// source pixel contributes (anti-aliasing, PIL's <c>Image.resize(BILINEAR)</c>); when enlarging it is plain
/// bilinear interpolation with edge clamping (PyTorch's <c>interpolate(bilinear, align_corners=False)</c>).
/// Taps never leave the crop, as torchvision's <c>resized_crop</c> (crop, then resize).
/// </summary>
internal static class BilinearResampler
{
    /// <summary>Resamples <paramref name="crop"/> of <paramref name="image"/> to S × S into <paramref name="chw"/> (3·S·S floats).</summary>
    public static void Resample(Image<Rgb24> image, Rectangle crop, int size, Span<float> chw)
    {
        if (chw.Length != 3 * size * size) throw new ArgumentException($"need {3 * size * size} floats, got {chw.Length}", nameof(chw));
        var (xStart, xCount, xWeights, xTaps) = Taps(crop.X, crop.Width, size);
        var (yStart, yCount, yWeights, yTaps) = Taps(crop.Y, crop.Height, size);
        var rows = new float[crop.Height * size * 3]; // horizontal pass: (crop H, S, 3)
        var pixels = new Rgb24[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        for (int r = 0; r < crop.Height; r++)
        {
            var line = pixels.AsSpan((crop.Y + r) * image.Width, image.Width);
            for (int x = 0; x < size; x++)
            {
                float red = 0, green = 0, blue = 0;
                for (int t = 0; t < xCount[x]; t++)
                {
                    var p = line[xStart[x] + t];
                    float w = xWeights[x * xTaps + t];
                    red += w * p.R; green += w * p.G; blue += w * p.B;
                }
                int o = (r * size + x) * 3;
                (rows[o], rows[o + 1], rows[o + 2]) = (red, green, blue);
            }
        }
        int plane = size * size;
        const float scale = 1f / 255f;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                float red = 0, green = 0, blue = 0;
                for (int t = 0; t < yCount[y]; t++)
                {
                    int o = ((yStart[y] - crop.Y + t) * size + x) * 3;
                    float w = yWeights[y * yTaps + t];
                    red += w * rows[o]; green += w * rows[o + 1]; blue += w * rows[o + 2];
                }
                int k = y * size + x;
                chw[k] = Math.Clamp(red * scale, 0f, 1f);
                chw[plane + k] = Math.Clamp(green * scale, 0f, 1f);
                chw[2 * plane + k] = Math.Clamp(blue * scale, 0f, 1f);
            }
    }

    /// <summary>For each of <paramref name="outSize"/> outputs over source range [start, start+length): first tap, tap count, normalised weights (row-major, stride taps).</summary>
    internal static (int[] Start, int[] Count, float[] Weights, int Taps) Taps(int start, int length, int outSize)
    {
        double scale = (double)length / outSize, support = Math.Max(1.0, scale);
        int taps = (int)Math.Ceiling(support) * 2 + 2; // ⌈2·support⌉ + 2 covers every pixel under the triangle
        var first = new int[outSize];
        var count = new int[outSize];
        var weights = new float[outSize * taps];
        for (int i = 0; i < outSize; i++)
        {
            double centre = start + (i + 0.5) * scale;
            int lo = Math.Max(start, (int)Math.Floor(centre - support)), hi = Math.Min(start + length, (int)Math.Ceiling(centre + support));
            double total = 0;
            int n = 0;
            for (int j = lo; j < hi; j++, n++)
            {
                double w = Math.Max(0, 1 - Math.Abs(j + 0.5 - centre) / support);
                weights[i * taps + n] = (float)w;
                total += w;
            }
            if (total <= 0) // cannot happen for a non-empty range; guard against division by zero
                throw new InvalidOperationException($"no source pixel under output {i}");
            for (int t = 0; t < n; t++) weights[i * taps + t] = (float)(weights[i * taps + t] / total);
            (first[i], count[i]) = (lo, n);
        }
        return (first, count, weights, taps);
    }
}
