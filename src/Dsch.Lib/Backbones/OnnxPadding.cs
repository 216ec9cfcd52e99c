using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Dsch.Backbones;

/// <summary>
/// The asymmetric padding of the imported ResNet-18 ONNX graph (<c>before</c> pixels at the top/left,
/// <c>after</c> at the bottom/right) for a convolution and a max pool, computed either literally (an explicit
/// <c>pad</c> copy, then the operation without padding) or, when no gradient is recorded, in the symmetric
/// form libtorch runs without the copy.
/// </summary>
/// <remarks>
/// <para>Why the two forms give the same bits [decision]: with padding <c>before</c> on both sides the windows
/// start at the same input rows and columns as with the explicit pad; when the output side is the same, the last
/// window ends inside the explicit padding too, so the extra <c>before − after</c> rows are never read. The
/// convolution then sums the same products (padding taps are skipped instead of added as zeros, and x + 0 = x);
/// <c>ResNet18InferenceFormTests</c> compares the features of both forms byte for byte. A max is exact in any order
/// and libtorch pads a max pool with −∞ as the ONNX graph does.</para>
/// <para>The max pool runs on a channels-last copy: libtorch's channels-first max-pool kernel is many times slower
/// than its channels-last one on these small planes (docs/performance.md, "Feature extraction"). Its output goes back
/// to channels-first, because a channels-last convolution input makes oneDNN pick other kernels (other bits).</para>
/// <para>With gradients enabled (fine-tuning) the literal form runs, so training keeps the graph, and so the
/// backward pass, its references were made with.</para>
/// </remarks>
internal static class OnnxPadding
{
    /// <summary>
    /// <paramref name="conv"/> (no padding of its own, square kernel k, stride s) over <paramref name="x"/> (N, C, H, W)
    /// padded by (<paramref name="before"/>, <paramref name="after"/>) on each axis → (N, C_out, H', W').
    /// </summary>
    public static Tensor Conv(Conv2d conv, Tensor x, long before, long after, bool literal)
    {
        long k = conv.weight!.shape[2], s = conv.stride[0];
        if (literal || is_grad_enabled() || !SameOutput(x, k, s, before, after))
            return conv.forward(nn.functional.pad(x, [before, after, before, after]));
        return nn.functional.conv2d(x, conv.weight, conv.bias, strides: [s, s], padding: [before, before]);
    }

    /// <summary>Max pool k×k, stride s, over <paramref name="x"/> (N, C, H, W) padded by (<paramref name="before"/>, <paramref name="after"/>) with −∞ → (N, C, H', W'), channels-first.</summary>
    public static Tensor MaxPool(Tensor x, long k, long s, long before, long after, bool literal)
    {
        if (literal || is_grad_enabled() || !SameOutput(x, k, s, before, after) || before > k / 2)
            return nn.functional.max_pool2d(nn.functional.pad(x, [before, after, before, after], value: double.NegativeInfinity), [k, k], [s, s]);
        using var scope = NewDisposeScope();
        var channelsLast = x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);     // (N, C, H, W), stored (N, H, W, C)
        var pooled = nn.functional.max_pool2d(channelsLast, [k, k], [s, s], [before, before]); // (N, C, H', W'), stored channels-last
        return pooled.contiguous().MoveToOuterDisposeScope();                             // (N, C, H', W')
    }

    /// <summary>True when padding (before, before) gives as many outputs as (before, after) along H and W: ⌊(L + before + after − k) / s⌋ = ⌊(L + 2·before − k) / s⌋.</summary>
    static bool SameOutput(Tensor x, long k, long s, long before, long after)
    {
        if (before < after) return false;
        foreach (long length in new[] { x.shape[2], x.shape[3] })
            if (length + before + after < k || (length + before + after - k) / s != (length + 2 * before - k) / s) return false;
        return true;
    }
}
