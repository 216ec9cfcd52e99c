using System.Numerics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Training;

/// <summary>
/// One Adam update of a CPU float32 parameter in two passes over (θ, g, m, v) around libtorch's own square root:
/// pass 1 updates m and v and writes v (or v/(1−β2^t)) into a scratch tensor d; libtorch takes <c>d.sqrt_()</c>;
/// pass 2 updates θ. Twelve reads and writes of each element instead of the libtorch form's twenty
/// (<see cref="TrainingOptimizer"/>'s other path: eight operations and a fresh temporary), with the same bits.
/// </summary>
/// <remarks>
/// [decision] Bit-identical to the libtorch operations because every step is the same IEEE float32 operation,
/// rounded where libtorch 2.10's CPU kernels round, in the same order: <c>mul_(β1)</c> rounds m·β1; <c>add_(g, alpha)</c>
/// is one fused multiply-add g·α + m (its vector form is <c>fmadd</c>); <c>addcmul_(g, g, value)</c> rounds value·g,
/// then fuses ·g + v; <c>div</c> and <c>add_(ε)</c> round each; <c>addcdiv_(m, d, value)</c> is θ + (value·m)/d
/// rounded after each of the three. Scalars are converted to float32 as libtorch converts them. Division and fused
/// multiply-add are correctly rounded at any vector width, so those bits do not depend on where a vector ends or on
/// the number of threads. The square root is not computed here: libtorch's vector path (most likely MKL's vector math) is
/// not correctly rounded, so it stays libtorch's call on a tensor of the parameter's own size and alignment, as
/// before. <c>FusedAdamUpdateTests</c> compares both paths bit for bit over many steps.
/// </remarks>
static class FusedAdamUpdate
{
    /// <summary>The float32 constants of one step (see <see cref="TrainingOptimizer.Step"/>).</summary>
    /// <param name="Beta1">β1.</param>
    /// <param name="OneMinusBeta1">1 − β1.</param>
    /// <param name="Beta2">β2.</param>
    /// <param name="OneMinusBeta2">1 − β2.</param>
    /// <param name="Epsilon">ε.</param>
    /// <param name="SecondCorrection">1 − β2^t, the divisor of v (standard variant only).</param>
    /// <param name="StepValue">The negative step size: −α/(1−β1^t) (standard) or −α_t (TF1).</param>
    /// <param name="Standard">True for the standard variant (v bias-corrected before the root).</param>
    public readonly record struct Constants(float Beta1, float OneMinusBeta1, float Beta2, float OneMinusBeta2, float Epsilon,
        float SecondCorrection, float StepValue, bool Standard);

    /// <summary>Elements per work item: large enough to amortise scheduling, small enough to share 2.4 M-element tensors.</summary>
    const int Chunk = 1 << 16;

    /// <summary>True when the fused pass applies: CPU, float32, contiguous, same element count.</summary>
    public static bool Applies(Tensor parameter, Tensor gradient, Tensor first, Tensor second) =>
        parameter.device_type == DeviceType.CPU && gradient.device_type == DeviceType.CPU &&
        parameter.dtype == ScalarType.Float32 && gradient.dtype == ScalarType.Float32 &&
        parameter.is_contiguous() && gradient.is_contiguous() && first.is_contiguous() && second.is_contiguous() &&
        gradient.numel() == parameter.numel();

    /// <summary>
    /// Updates θ, m, v in place from g for every (θ, g, m, v, d) of <paramref name="work"/>, on up to
    /// <paramref name="threads"/> threads; d is a scratch tensor of θ's size (contiguous float32, its own allocation).
    /// </summary>
    public static void Apply(IReadOnlyList<(Tensor Parameter, Tensor Gradient, Tensor First, Tensor Second, Tensor Scratch)> work, Constants c, int threads)
    {
        var items = new List<(int Tensor, int Start, int Length)>();
        for (int i = 0; i < work.Count; i++)
        {
            int n = checked((int)work[i].Parameter.numel());
            for (int start = 0; start < n; start += Chunk) items.Add((i, start, Math.Min(Chunk, n - start)));
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        Parallel.For(0, items.Count, options, k =>
        {
            var (i, start, length) = items[k];
            var (_, g, m, v, d) = work[i];
            Moments(Floats(g).Slice(start, length), Floats(m).Slice(start, length), Floats(v).Slice(start, length), Floats(d).Slice(start, length), c);
        });
        foreach (var item in work) item.Scratch.sqrt_();
        Parallel.For(0, items.Count, options, k =>
        {
            var (i, start, length) = items[k];
            var (p, _, m, _, d) = work[i];
            Parameters(Floats(p).Slice(start, length), Floats(m).Slice(start, length), Floats(d).Slice(start, length), c);
        });
    }

    static Span<float> Floats(Tensor t) => MemoryMarshal.Cast<byte, float>(t.bytes);

    /// <summary>m ← β1 m + (1−β1) g, v ← β2 v + (1−β2) g², d ← v/(1−β2^t) (standard) or v (TF1).</summary>
    static void Moments(ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> d, in Constants c)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var gv = MemoryMarshal.Cast<float, Vector<float>>(g);
            var mv = MemoryMarshal.Cast<float, Vector<float>>(m);
            var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
            var dv = MemoryMarshal.Cast<float, Vector<float>>(d);
            Vector<float> b1 = new(c.Beta1), a1 = new(c.OneMinusBeta1), b2 = new(c.Beta2), a2 = new(c.OneMinusBeta2), c2 = new(c.SecondCorrection);
            for (int k = 0; k < gv.Length; k++)
            {
                var gk = gv[k];
                mv[k] = Vector.FusedMultiplyAdd(gk, a1, mv[k] * b1);
                var vk = Vector.FusedMultiplyAdd(a2 * gk, gk, vv[k] * b2);
                vv[k] = vk;
                dv[k] = c.Standard ? vk / c2 : vk;
            }
            i = gv.Length * Vector<float>.Count;
        }
        for (; i < g.Length; i++)
        {
            float gi = g[i];
            m[i] = MathF.FusedMultiplyAdd(gi, c.OneMinusBeta1, m[i] * c.Beta1);
            float vi = MathF.FusedMultiplyAdd(c.OneMinusBeta2 * gi, gi, v[i] * c.Beta2);
            v[i] = vi;
            d[i] = c.Standard ? vi / c.SecondCorrection : vi;
        }
    }

    /// <summary>θ ← θ + (step·m)/(d + ε), d holding the root.</summary>
    static void Parameters(Span<float> p, ReadOnlySpan<float> m, ReadOnlySpan<float> d, in Constants c)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var pv = MemoryMarshal.Cast<float, Vector<float>>(p);
            var mv = MemoryMarshal.Cast<float, Vector<float>>(m);
            var dv = MemoryMarshal.Cast<float, Vector<float>>(d);
            Vector<float> eps = new(c.Epsilon), step = new(c.StepValue);
            for (int k = 0; k < pv.Length; k++) pv[k] += step * mv[k] / (dv[k] + eps);
            i = pv.Length * Vector<float>.Count;
        }
        for (; i < p.Length; i++) p[i] += c.StepValue * m[i] / (d[i] + c.Epsilon);
    }
}
