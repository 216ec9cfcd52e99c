using Dsch.Training;
using static TorchSharp.torch;

namespace Dsch.Tests.Baselines;

/// <summary>A baseline's own head: PyTorch's default U(±1/√fan_in) initialisation, drawn from the run's seed.</summary>
public class MethodHeadTests
{
    static double[] Weights(MethodHead head) =>
        [.. head.parameters().SelectMany(p => p.detach().reshape(-1).data<float>().ToArray().Select(v => (double)v))];

    [Fact]
    public void SameSeed_SameHead_OtherSeed_OtherHead()
    {
        using var a = new MethodHead(7, 16, 32, 8);
        using var b = new MethodHead(7, 16, 32, 8);
        using var c = new MethodHead(8, 16, 32, 8);
        Assert.Equal(Weights(a), Weights(b));
        Assert.NotEqual(Weights(a), Weights(c));
    }

    [Fact]
    public void EveryParameter_LiesWithinOneOverRootFanIn_AndFillsMostOfIt()
    {
        using var head = new MethodHead(3, 64, 16);
        var values = Weights(head);
        double bound = 1 / Math.Sqrt(64);
        Assert.All(values, v => Assert.InRange(Math.Abs(v), 0, bound));
        Assert.True(values.Max() > 0.8 * bound && values.Min() < -0.8 * bound, "draws do not span ±1/√fan_in");
    }

    [Fact]
    public void Forward_MapsFeaturesToCodes_WithReLUBetweenLayers()
    {
        using var scope = NewDisposeScope();
        using var head = new MethodHead(1, 4, 6, 3);
        var codes = head.forward(ones(5, 4));
        Assert.Equal([5L, 3L], codes.shape);
    }
}
