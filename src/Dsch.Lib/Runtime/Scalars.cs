using TorchSharp;

namespace Dsch.Runtime;

/// <summary>
/// The constant <see cref="Scalar"/>s the library passes to libtorch, alive for the whole process.
/// </summary>
/// <remarks>
/// <para>Why not write <c>t * 2</c> or <c>t == 0</c>: a <see cref="Scalar"/> owns native memory, has a finalizer and is
/// not tracked by dispose scopes. One made on the fly is unreachable as soon as TorchSharp has read its handle, so a
/// garbage collection started by another thread can free it while libtorch is still reading it — seen in CI as
/// "Expected false to be true" from <c>Scalar::toLong</c> in k-means (<c>counts == 0</c>), and reproduced in a
/// stress loop (4 failures in 2.7 million comparisons with an allocating thread beside; none with a held Scalar).
/// Several TorchSharp methods make such a Scalar themselves: <c>a + b</c>, <c>a.add(b)</c> and <c>add_(b)</c> (an
/// implicit alpha of 1), <c>square()</c> (<c>pow(2)</c>), the operators with a number, <c>ToDouble()</c>.</para>
/// <para>The rule, checked on the compiled library and CLI by <c>ScalarLifetimeTests</c>: every Scalar is a static
/// field (these, or a class's own constants) or a <c>using Scalar</c> local for values known only at run time;
/// <c>a.add(b, Scalars.One)</c> for <c>a + b</c>, <c>x.pow(Scalars.Two)</c> for <c>x.square()</c> (the same
/// kernel), <c>item&lt;double&gt;()</c> for <c>ToDouble()</c>. Integer constants stay integers so integer tensors
/// keep their dtype, as the literals they replace did.</para>
/// </remarks>
public static class Scalars
{
    /// <summary>Integer 0.</summary>
    public static readonly Scalar Zero = 0.ToScalar();

    /// <summary>Integer 1 (also the alpha of a plain sum).</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>Integer 2.</summary>
    public static readonly Scalar Two = 2.ToScalar();

    /// <summary>Integer −1.</summary>
    public static readonly Scalar MinusOne = (-1).ToScalar();

    /// <summary>Integer −2.</summary>
    public static readonly Scalar MinusTwo = (-2).ToScalar();

    /// <summary>Real 1.0 (a double, for results that must not be integer tensors).</summary>
    public static readonly Scalar RealOne = 1.0.ToScalar();

    /// <summary>Real 0.5.</summary>
    public static readonly Scalar OneHalf = 0.5.ToScalar();

    /// <summary>Real −0.5.</summary>
    public static readonly Scalar MinusOneHalf = (-0.5).ToScalar();
}
