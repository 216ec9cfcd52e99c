using CsCheck;
using Dsch.Data;
using Dsch.Data.Images;

namespace Dsch.Tests.Data;

public class ColorOpsTests
{
    static readonly Gen<float[]> Images = Gen.Float[0f, 1f].Array[3 * 5 * 4];

    [Fact]
    public void NeutralFactors_LeaveTheImageUnchanged()
    {
        Images.Sample(chw =>
        {
            var copy = chw.ToArray();
            ColorOps.Brightness(copy, 1f);
            ColorOps.Contrast(copy, 1f);
            ColorOps.Saturation(copy, 1f);
            for (int k = 0; k < chw.Length; k++) Assert.Equal((double)chw[k], copy[k], 1e-5);
        });
    }

    [Fact]
    public void ZeroSaturation_EqualsGrayscale_AndGreyHasEqualChannels()
    {
        Images.Sample(chw =>
        {
            var a = chw.ToArray();
            var b = chw.ToArray();
            ColorOps.Saturation(a, 0f);
            ColorOps.Grayscale(b);
            for (int k = 0; k < 20; k++)
            {
                Assert.Equal((double)b[k], a[k], 1e-5);
                Assert.Equal((double)b[k], b[20 + k], 1e-5);
                Assert.Equal((double)b[k], b[40 + k], 1e-5);
            }
        });
    }

    [Fact]
    public void HueShift_OfAFullTurnIsIdentity_AndRedTurnsGreenAfterAThird()
    {
        Images.Sample(chw =>
        {
            var copy = chw.ToArray();
            ColorOps.Hue(copy, 0.5f);
            ColorOps.Hue(copy, 0.5f);
            for (int k = 0; k < chw.Length; k++) Assert.Equal((double)chw[k], copy[k], 1e-4);
        });
        float[] red = [1, 0, 0]; // one pixel, planes R, G, B
        ColorOps.Hue(red, 1f / 3f);
        Assert.Equal(new[] { 0f, 1f, 0f }, red.Select(v => MathF.Round(v, 4)));
    }

    [Fact]
    public void Blur_KeepsAConstantImage_AndItsMean_AndSmoothsAnEdge()
    {
        var flat = Enumerable.Repeat(0.25f, 3 * 6 * 6).ToArray();
        ColorOps.GaussianBlur3(flat, 6, 6, 1.5f);
        Assert.All(flat, v => Assert.Equal(0.25, v, 1e-6));
        var edge = new float[3 * 4 * 4];
        for (int y = 0; y < 4; y++) for (int x = 2; x < 4; x++) edge[y * 4 + x] = 1;
        ColorOps.GaussianBlur3(edge, 4, 4, 1f);
        Assert.InRange(edge[1], 0.05f, 0.95f);
        Assert.InRange(edge[2], 0.05f, 0.95f);
    }

    [Fact]
    public void Flip_TwiceIsIdentity()
    {
        Images.Sample(chw =>
        {
            var copy = chw.ToArray();
            ColorOps.FlipHorizontal(copy, 4, 5);
            Assert.Equal(chw[4], copy[0]);
            ColorOps.FlipHorizontal(copy, 4, 5);
            Assert.Equal(chw, copy);
        });
    }

    [Fact]
    public void RandomResizedCrop_StaysInsideTheImage_WithinTheScaleRange()
    {
        Gen.Select(Gen.Int[8, 300], Gen.Int[8, 300], Gen.ULong).Sample((w, h, seed) =>
        {
            var crop = ViewRenderer.RandomResizedCrop(w, h, AugmentationOptions.Paper, new SeededRandom(seed));
            Assert.True(crop.X >= 0 && crop.Y >= 0 && crop.Right <= w && crop.Bottom <= h && crop.Width > 0 && crop.Height > 0);
        });
    }
}
