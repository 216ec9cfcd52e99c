namespace Dsch.Data.Images;

/// <summary>
/// Photometric operations on one image held as CHW floats in [0, 1] (three planes of P = H × W values), with
/// torchvision's definitions (<c>torchvision.transforms.functional</c>): each result is clamped to [0, 1].
/// </summary>
internal static class ColorOps
{
    const float Wr = 0.299f, Wg = 0.587f, Wb = 0.114f; // ITU-R 601-2 luma, as PIL's convert("L")

    /// <summary>x ← f·x.</summary>
    public static void Brightness(Span<float> chw, float factor)
    {
        for (int k = 0; k < chw.Length; k++) chw[k] = Clamp(chw[k] * factor);
    }

    /// <summary>x ← f·x + (1 − f)·m with m the mean grey level of the image.</summary>
    public static void Contrast(Span<float> chw, float factor)
    {
        int p = chw.Length / 3;
        double sum = 0;
        for (int k = 0; k < p; k++) sum += Wr * chw[k] + Wg * chw[p + k] + Wb * chw[2 * p + k];
        float mean = (float)(sum / p);
        for (int k = 0; k < chw.Length; k++) chw[k] = Clamp(factor * chw[k] + (1 - factor) * mean);
    }

    /// <summary>x ← f·x + (1 − f)·grey(x), per pixel.</summary>
    public static void Saturation(Span<float> chw, float factor)
    {
        int p = chw.Length / 3;
        for (int k = 0; k < p; k++)
        {
            float grey = Wr * chw[k] + Wg * chw[p + k] + Wb * chw[2 * p + k];
            for (int c = 0; c < 3; c++) chw[c * p + k] = Clamp(factor * chw[c * p + k] + (1 - factor) * grey);
        }
    }

    /// <summary>Rotates the hue by <paramref name="shift"/> turns (HSV), keeping saturation and value.</summary>
    public static void Hue(Span<float> chw, float shift)
    {
        int p = chw.Length / 3;
        for (int k = 0; k < p; k++)
        {
            float r = chw[k], g = chw[p + k], b = chw[2 * p + k];
            float max = MathF.Max(r, MathF.Max(g, b)), min = MathF.Min(r, MathF.Min(g, b)), chroma = max - min;
            if (chroma <= 0) continue; // grey: hue undefined, unchanged
            float h = max == r ? (g - b) / chroma : max == g ? 2 + (b - r) / chroma : 4 + (r - g) / chroma;
            h = h / 6 + shift;
            h -= MathF.Floor(h);
            float s = chroma / max, v = max;
            (chw[k], chw[p + k], chw[2 * p + k]) = FromHsv(h, s, v);
        }
    }

    /// <summary>All three channels ← grey level (0.299 R + 0.587 G + 0.114 B).</summary>
    public static void Grayscale(Span<float> chw)
    {
        int p = chw.Length / 3;
        for (int k = 0; k < p; k++)
        {
            float grey = Wr * chw[k] + Wg * chw[p + k] + Wb * chw[2 * p + k];
            chw[k] = chw[p + k] = chw[2 * p + k] = grey;
        }
    }

    /// <summary>Separable 3×3 Gaussian blur with standard deviation σ; borders reflect without repeating the edge (OpenCV's default).</summary>
    public static void GaussianBlur3(Span<float> chw, int height, int width, float sigma)
    {
        float side = MathF.Exp(-1f / (2 * sigma * sigma));
        float w1 = side / (1 + 2 * side), w0 = 1 / (1 + 2 * side);
        int p = height * width;
        var row = new float[p];
        for (int c = 0; c < 3; c++)
        {
            var plane = chw.Slice(c * p, p);
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    row[y * width + x] = w0 * plane[y * width + x] + w1 * (plane[y * width + Reflect(x - 1, width)] + plane[y * width + Reflect(x + 1, width)]);
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    plane[y * width + x] = w0 * row[y * width + x] + w1 * (row[Reflect(y - 1, height) * width + x] + row[Reflect(y + 1, height) * width + x]);
        }
    }

    /// <summary>Mirrors each row left-right.</summary>
    public static void FlipHorizontal(Span<float> chw, int height, int width)
    {
        for (int r = 0; r < 3 * height; r++) chw.Slice(r * width, width).Reverse();
    }

    static int Reflect(int i, int n) => n == 1 ? 0 : i < 0 ? -i : i >= n ? 2 * n - 2 - i : i;

    static float Clamp(float x) => x < 0 ? 0 : x > 1 ? 1 : x;

    static (float, float, float) FromHsv(float h, float s, float v)
    {
        float h6 = h * 6;
        int sector = (int)h6 % 6;
        float f = h6 - MathF.Floor(h6);
        float p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
        return sector switch
        {
            0 => (v, t, p), 1 => (q, v, p), 2 => (p, v, t), 3 => (p, q, v), 4 => (t, p, v), _ => (v, p, q),
        };
    }
}
