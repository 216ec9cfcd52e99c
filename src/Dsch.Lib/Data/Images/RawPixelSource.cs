using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Data.Images;

/// <summary>
/// Images held in memory as raw 8-bit pixels after one read of the dataset files (Fashion-MNIST:
/// 70,000 × 784 grey bytes; CIFAR-10: 60,000 × 3,072 bytes in R, G, B planes), so decoding an image is
/// a copy, not a file read.
/// </summary>
internal sealed class RawPixelSource : IImageSource
{
    readonly byte[] _pixels;
    readonly int _width, _height, _channels;
    readonly Func<int, string> _describe;

    /// <param name="pixels">All images back to back: per image either H×W grey bytes (<paramref name="channels"/> = 1) or 3 planes of H×W (R, then G, then B).</param>
    /// <param name="count">Number of images.</param>
    /// <param name="width">Image width W.</param>
    /// <param name="height">Image height H.</param>
    /// <param name="channels">1 (grey) or 3 (planar RGB).</param>
    /// <param name="describe">Names the file and record of an image.</param>
    public RawPixelSource(byte[] pixels, int count, int width, int height, int channels, Func<int, string> describe)
    {
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), "1 or 3");
        if (pixels.LongLength != (long)count * width * height * channels)
            throw new ArgumentException($"expected {count}×{channels}×{height}×{width} bytes, got {pixels.LongLength}", nameof(pixels));
        (_pixels, Count, _width, _height, _channels, _describe) = (pixels, count, width, height, channels, describe);
    }

    public int Count { get; }

    public Image<Rgb24> Load(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"index {index} outside [0, {Count})");
        int plane = _width * _height;
        var rgb = new Rgb24[plane];
        var image = _pixels.AsSpan(index * plane * _channels, plane * _channels);
        if (_channels == 1)
            for (int p = 0; p < plane; p++) rgb[p] = new Rgb24(image[p], image[p], image[p]);
        else
            for (int p = 0; p < plane; p++) rgb[p] = new Rgb24(image[p], image[plane + p], image[2 * plane + p]);
        return Image.LoadPixelData<Rgb24>(rgb, _width, _height);
    }

    public string Describe(int index) => _describe(index);

    public void Check(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
    }
}
