using Dsch.Training;
using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Tests.Training;

public class TrainingOptimizerTests
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
        var options = new OptimizerOptions(OptimizerVariant.Standard, Lr: 0.05, Epsilon: 1e-8, DecayRate: 1.0);
        using var adam = new TrainingOptimizer([ours], options);
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
        var options = new OptimizerOptions(OptimizerVariant.Tf1, Lr: 0.01, Epsilon: 1.0, DecayRate: 1.0);
        using var adam = new TrainingOptimizer([w], options);
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
        var options = new OptimizerOptions(OptimizerVariant.Tf1, Lr: 0.05);
        var w1 = tensor(new[] { 0.0, 0.0, 0.0 }).requires_grad_(true);
        using var first = new TrainingOptimizer([w1], options);
        Run(_ => first.Step, first.ZeroGrad, w1, 5);
        var (steps, m, v) = first.SaveState();
        var w2 = w1.detach().clone().requires_grad_(true);
        using var second = new TrainingOptimizer([w2], options);
        second.LoadState(steps, m, v);
        var a = Run(_ => first.Step, first.ZeroGrad, w1, 7);
        var b = Run(_ => second.Step, second.ZeroGrad, w2, 7);
        Assert.Equal(a, b);
        Assert.Equal(12, second.CompletedSteps);
    }

    [Fact]
    public void SgdVariant_MatchesTorchSgd_WithMomentumAndWeightDecay()
    {
        var ours = tensor(new[] { 0.4, -0.3, 1.5 }).requires_grad_(true);
        var theirs = new TorchSharp.Modules.Parameter(tensor(new[] { 0.4, -0.3, 1.5 }));
        using var sgd = new TrainingOptimizer([ours], OptimizerOptions.Sgd(0.05, 0.9, 5e-4));
        var reference = optim.SGD([theirs], 0.05, momentum: 0.9, weight_decay: 5e-4);

        var a = Run(_ => sgd.Step, sgd.ZeroGrad, ours, 25);
        var b = Run(_ => () => reference.step(), () => reference.zero_grad(), theirs, 25);
        for (int i = 0; i < 3; i++) Assert.Equal(b[i], a[i], 12);
        Assert.NotEqual(0.4, a[0], 3); // it moved
    }

    [Fact]
    public void SgdEpochStaircase_MatchesTorchStepLR()
    {
        // BiHalf's lr0 · 0.1^(epoch // k), here k = 2 epochs of 3 steps, against libtorch's SGD with StepLR stepped per epoch.
        var ours = tensor(new[] { 0.4, -0.3, 1.5 }).requires_grad_(true);
        var theirs = new TorchSharp.Modules.Parameter(tensor(new[] { 0.4, -0.3, 1.5 }));
        var options = (OptimizerOptions.Sgd(0.2, 0.9, 0) with { DecayEveryEpochs = 2, DecayRate = 0.1 }).PerStep(3);
        Assert.Equal((6, 0), (options.DecaySteps, options.DecayEveryEpochs));
        using var sgd = new TrainingOptimizer([ours], options);
        var reference = optim.SGD([theirs], 0.2, momentum: 0.9);
        var schedule = optim.lr_scheduler.StepLR(reference, 2, 0.1);
        for (int epoch = 0; epoch < 5; epoch++)
        {
            Assert.Equal(0.2 * Math.Pow(0.1, epoch / 2), sgd.CurrentLearningRate, 15);
            Run(_ => sgd.Step, sgd.ZeroGrad, ours, 3);
            Run(_ => () => reference.step(), () => reference.zero_grad(), theirs, 3);
            schedule.step();
        }
        var a = ours.detach().data<double>().ToArray();
        var b = theirs.detach().data<double>().ToArray();
        for (int i = 0; i < 3; i++) Assert.Equal(b[i], a[i], 12);
    }

    [Fact]
    public void SgdSavedState_RestoresTheExactTrajectory()
    {
        var options = OptimizerOptions.Sgd(0.05, 0.9, 5e-4);
        var straight = tensor(new[] { 0.4, -0.3, 1.5 }).requires_grad_(true);
        using var uninterrupted = new TrainingOptimizer([straight], options);
        var expected = Run(_ => uninterrupted.Step, uninterrupted.ZeroGrad, straight, 10);

        var w = tensor(new[] { 0.4, -0.3, 1.5 }).requires_grad_(true);
        using var first = new TrainingOptimizer([w], options);
        Run(_ => first.Step, first.ZeroGrad, w, 4);
        var (steps, m, v) = first.SaveState();
        using var second = new TrainingOptimizer([w], options);
        second.LoadState(steps, m, v);
        var resumed = Run(_ => second.Step, second.ZeroGrad, w, 6);
        Assert.Equal(expected, resumed);
    }

    [Fact]
    public void SgdOnlyMembers_AreRefusedOnAdam_AndLeftOutOfTheJsonAtTheirDefault()
    {
        Assert.Throws<InvalidInputException>(() => (OptimizerOptions.StandardAdam() with { Momentum = 0.9 }).Validate());
        Assert.Throws<InvalidInputException>(() => OptimizerOptions.Sgd(0.1, 1.0, 0).Validate());
        Assert.Throws<InvalidInputException>(() => OptimizerOptions.Sgd(0.1, 0.9, -1).Validate());
        var adam = Dsch.IO.JsonFiles.Serialize(OptimizerOptions.StandardAdam());
        Assert.DoesNotContain("momentum", adam);
        Assert.DoesNotContain("weightDecay", adam);
        Assert.DoesNotContain("decayEveryEpochs", adam);
        var sgd = OptimizerOptions.Sgd(1e-4, 0.9, 5e-4) with { DecayEveryEpochs = 120, DecayRate = 0.1 };
        var text = Dsch.IO.JsonFiles.Serialize(sgd);
        Assert.Contains("\"variant\": \"sgd\"", text);
        Assert.Equal(sgd, System.Text.Json.JsonSerializer.Deserialize<OptimizerOptions>(text, Dsch.IO.JsonFiles.Options));
    }
}
