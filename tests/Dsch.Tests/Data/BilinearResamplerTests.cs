using Dsch.Data.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Tests.Data;

public class BilinearResamplerTests
{
    static float[] Resample(byte[] row, int size)
    {
        using var image = new Image<Rgb24>(row.Length, 1);
        for (int x = 0; x < row.Length; x++) image[x, 0] = new Rgb24(row[x], row[x], row[x]);
        var chw = new float[3 * size * size];
        BilinearResampler.Resample(image, new Rectangle(0, 0, row.Length, 1), size, chw);
        return chw[..size].Select(v => v * 255f).ToArray(); // first output row, red plane
    }

    [Fact]
    public void Upscaling_IsBilinearWithHalfPixelCentres_AndClampedEdges()
    {
        // torch.nn.functional.interpolate([[0, 100]], size=4, mode='linear', align_corners=False) = [0, 25, 75, 100]
        var result = Resample([0, 100], 4);
        Assert.Equal(new[] { 0f, 25f, 75f, 100f }, result.Select(v => MathF.Round(v, 3)));
    }

    [Fact]
    public void Downscaling_AveragesEverySourcePixel()
    {
        // A constant row stays constant; an alternating 0/200 row shrunk 4× lands near its mean 100 (an unfiltered
        // bilinear sample would alias to 0, 200 or 100 depending on phase).
        Assert.All(Resample([60, 60, 60, 60, 60, 60], 3), v => Assert.Equal(60f, v, 3));
        Assert.All(Resample([0, 200, 0, 200, 0, 200, 0, 200], 2), v => Assert.InRange(v, 60f, 140f));
    }

    [Fact]
    public void Taps_WeightsSumToOne_AndStayInsideTheRange()
    {
        foreach (var (start, length, size) in new[] { (0, 28, 224), (5, 17, 32), (0, 500, 64), (3, 1, 7) })
        {
            var (first, count, weights, taps) = BilinearResampler.Taps(start, length, size);
            for (int i = 0; i < size; i++)
            {
                Assert.InRange(first[i], start, start + length - 1);
                Assert.InRange(first[i] + count[i], start + 1, start + length);
                Assert.Equal(1.0, weights.Skip(i * taps).Take(count[i]).Sum(w => (double)w), 5);
            }
        }
    }
}
