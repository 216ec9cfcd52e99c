using static TorchSharp.torch;

namespace Dsch.Runtime;

/// <summary>
/// Tensors holding a copy of a managed array in libtorch's own memory. <c>tensor(float[])</c> wraps the array in place
/// (GC-heap alignment, 8–16 bytes); BLAS kernels take other paths on such inputs than on libtorch's 64-byte-aligned
/// memory and may round differently in the last bit — codes from cached features once differed from codes of freshly
/// extracted ones (seen in the kill-and-resume test). Copying makes results independent of where the values came from
/// (environment.md). The caller owns the result.
/// </summary>
public static class OwnedTensor
{
    /// <summary>A float32 tensor of <paramref name="shape"/> holding a copy of <paramref name="values"/> (row-major).</summary>
    public static Tensor From(float[] values, long[] shape)
    {
        using var wrapped = tensor(values, shape);
        return wrapped.clone();
    }

    /// <summary>A float64 tensor of <paramref name="shape"/> holding a copy of <paramref name="values"/> (row-major).</summary>
    public static Tensor From(double[] values, long[] shape)
    {
        using var wrapped = tensor(values, shape, ScalarType.Float64);
        return wrapped.clone();
    }
}
