using Dsch.Training;
using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Tests.Training;

public class AdamOptimizerTests
{
    /// <summary>A fixed quadratic objective whose gradient changes from step to step.</summary>
    static Tensor Objective(Tensor w) => ((w - tensor(new[] { 1.0, -2.0, 0.5 })).pow(Two) * tensor(new[] { 1.0, 3.0, 0.2 })).sum();

    static double[] Run(Func<Tensor, Action> makeStep, Action zeroGrad, Tensor w, int steps)
    {
        for (int s = 0; s < steps; s++)
        {
            zeroGrad();
            Objective(w).backward();
            makeStep(w)();
        }
        return w.detach().data<double>().ToArray();
    }

    [Fact]
    public void StandardVariant_MatchesTorchAdam()
    {
        var ours = tensor(new[] { 0.0, 0.0, 0.0 }).requires_grad_(true);
        var theirs = new TorchSharp.Modules.Parameter(tensor(new[] { 0.0, 0.0, 0.0 }));
        var options = new OptimizerOptions(AdamVariant.Standard, Lr: 0.05, Epsilon: 1e-8, DecayRate: 1.0);
        using var adam = new AdamOptimizer([ours], options);
        var reference = optim.Adam([theirs], lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-8);

        var a = Run(_ => adam.Step, adam.ZeroGrad, ours, 25);
        var b = Run(_ => () => reference.step(), () => reference.zero_grad(), theirs, 25);
        for (int i = 0; i < 3; i++) Assert.Equal(b[i], a[i], 10);
    }

    [Fact]
    public void Tf1Variant_EqualsStandardAdam_WithStepDependentEpsilon()
    {
        // TF1 adds ε to the un-bias-corrected √v: identical to standard Adam with ε_t = ε/√(1−β2^t).
        var w = tensor(new[] { 0.3, -0.1, 2.0 }).requires_grad_(true);
        var options = new OptimizerOptions(AdamVariant.Tf1, Lr: 0.01, Epsilon: 1.0, DecayRate: 1.0);
        using var adam = new AdamOptimizer([w], options);
        double[] m = new double[3], v = new double[3], expected = { 0.3, -0.1, 2.0 };
        for (int t = 1; t <= 10; t++)
        {
            adam.ZeroGrad();
            Objective(w).backward();
            var g = w.grad!.data<double>().ToArray();
            adam.Step();
            double epsT = 1.0 / Math.Sqrt(1 - Math.Pow(0.999, t));
            for (int i = 0; i < 3; i++)
            {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                double mHat = m[i] / (1 - Math.Pow(0.9, t)), vHat = v[i] / (1 - Math.Pow(0.999, t));
                expected[i] -= 0.01 * mHat / (Math.Sqrt(vHat) + epsT);
            }
            var actual = w.detach().data<double>().ToArray();
            for (int i = 0; i < 3; i++) Assert.Equal(expected[i], actual[i], 12);
        }
    }

    [Fact]
    public void StaircaseDecay_MultipliesEvery200Steps()
    {
        var options = OptimizerOptions.Paper;
        Assert.Equal(5e-4, options.LearningRateAt(0));
        Assert.Equal(5e-4, options.LearningRateAt(199));
        Assert.Equal(5e-4 * 0.99, options.LearningRateAt(200), 15);
        Assert.Equal(5e-4 * 0.99 * 0.99, options.LearningRateAt(401), 15);
    }

    [Fact]
    public void SavedState_RestoresTheExactTrajectory()
    {
        var options = new OptimizerOptions(AdamVariant.Tf1, Lr: 0.05);
        var w1 = tensor(new[] { 0.0, 0.0, 0.0 }).requires_grad_(true);
        using var first = new AdamOptimizer([w1], options);
        Run(_ => first.Step, first.ZeroGrad, w1, 5);
        var (steps, m, v) = first.SaveState();
        var w2 = w1.detach().clone().requires_grad_(true);
        using var second = new AdamOptimizer([w2], options);
        second.LoadState(steps, m, v);
        var a = Run(_ => first.Step, first.ZeroGrad, w1, 7);
        var b = Run(_ => second.Step, second.ZeroGrad, w2, 7);
        Assert.Equal(a, b);
        Assert.Equal(12, second.CompletedSteps);
    }
}
