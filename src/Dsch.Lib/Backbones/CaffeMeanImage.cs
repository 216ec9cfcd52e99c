using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Backbones;

/// <summary>
/// The ResNet-18 ONNX model's own preprocessing (<c>ResNetPreprocess.onnx</c> of the NuGet package
/// <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c>): RGB [0, 1] → ×255 → BGR → minus the 224×224 mean image.
/// </summary>
/// <remarks>
/// <para>The ONNX graph is <c>Split(RGB) → Concat(B, G, R) → Sub(MeanImage)</c> on a 0–255 input; the mean
/// image (1×3×224×224, BGR) has channel means ≈ 103.06 / 115.90 / 123.15 (the Caffe ImageNet means).
/// There is no division by a standard deviation.</para>
/// <para>Other input sizes [decision]: the mean image is resampled to the input size — area-averaged
/// (adaptive average pooling) when smaller than 224, bilinear when larger. At 224×224 it is used as is,
/// so the module reproduces the ONNX graph exactly; at other sizes every pixel still has the locally
/// correct mean, and the channel means are preserved.</para>
/// </remarks>
public sealed class CaffeMeanImage : nn.Module<Tensor, Tensor>
{
    /// <summary>Side of the stored mean image.</summary>
    public const int NativeSize = 224;

    private readonly Tensor mean_image;

    // Held for the process's lifetime: an implicit `x * 255f` creates a temporary Scalar that the GC may
    // finalise while libtorch still reads it (seen as "Unknown scalar type" under allocation pressure).
    static readonly Scalar PixelScale = 255f.ToScalar();

    /// <summary>Wraps the BGR mean image <paramref name="meanImage"/>, shape (1, 3, 224, 224), in 0–255 units.</summary>
    public CaffeMeanImage(Tensor meanImage) : base(nameof(CaffeMeanImage))
    {
        if (!meanImage.shape.SequenceEqual(new long[] { 1, 3, NativeSize, NativeSize }))
            throw new InvalidInputException($"ResNet mean image: expected shape (1, 3, 224, 224), got ({string.Join(", ", meanImage.shape)})");
        mean_image = meanImage.detach().clone();
        RegisterComponents();
    }

    /// <summary>(N, 3, H, W) RGB in [0, 1] → (N, 3, H, W) BGR, 0–255 scale, mean subtracted.</summary>
    public override Tensor forward(Tensor rgb)
    {
        using var scope = NewDisposeScope();
        var bgr = rgb.flip(1).mul(PixelScale);            // (N, 3, H, W), channels B, G, R
        var mean = MeanAt(rgb.shape[2], rgb.shape[3]);    // (1, 3, H, W)
        return (bgr - mean).MoveToOuterDisposeScope();
    }

    /// <summary>The mean image at H×W (see remarks for the resampling rule).</summary>
    public Tensor MeanAt(long height, long width)
    {
        if (height == NativeSize && width == NativeSize) return mean_image.alias();
        if (height <= NativeSize && width <= NativeSize)
            return nn.functional.adaptive_avg_pool2d(mean_image, new[] { height, width });
        return nn.functional.interpolate(mean_image, new[] { height, width }, mode: InterpolationMode.Bilinear, align_corners: false);
    }
}
