using Dsch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Tests.Baselines;

/// <summary>The reference inputs as float64 tensors, and comparisons against the reference literals.</summary>
static class ReferenceTensors
{
    public const int Rows = 6, Bits = 8, FeatureDims = 5;

    /// <summary>A (rows, columns) float64 tensor of row-major <paramref name="values"/>, a leaf with gradient when asked.</summary>
    public static Tensor Of(double[] values, int columns, bool grad = false) =>
        tensor(values, ScalarType.Float64).reshape(values.Length / columns, columns).requires_grad_(grad);

    public static void Close(double[] expected, Tensor actual, double tolerance = 1e-10)
    {
        var values = actual.detach().to(ScalarType.Float64).reshape(-1).data<double>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < values.Length; i++)
            Assert.True(Math.Abs(expected[i] - values[i]) <= tolerance, $"entry {i}: expected {expected[i]:R}, got {values[i]:R}");
    }

    public static void Close(double expected, Tensor actual, double tolerance = 1e-10) => Close([expected], actual, tolerance);

    /// <summary>The gradient of <paramref name="loss"/> with respect to the leaf <paramref name="leaf"/>.</summary>
    public static Tensor Gradient(Tensor loss, Tensor leaf) => autograd.grad([loss], [leaf], retain_graph: true)[0];
}
