namespace Dsch.Training;

/// <summary>Which Adam update rule to use.</summary>
public enum AdamVariant
{
    /// <summary>
    /// TensorFlow-1 <c>AdamOptimizer</c>: ε is added to the <em>un-bias-corrected</em> √v, i.e. PyTorch-style
    /// Adam with a step-dependent <c>ε_t = ε/√(1−β2^t)</c>. With the authors' ε = 1 it behaves like momentum
    /// SGD with a built-in warm-up. [official]
    /// </summary>
    Tf1,
    /// <summary>Kingma &amp; Ba / PyTorch Adam: ε added to the bias-corrected √v̂.</summary>
    Standard,
}

/// <summary>Adam hyper-parameters and the staircase learning-rate decay of docs/method.md ("Optimisation").</summary>
/// <param name="Variant">Update rule (see <see cref="AdamVariant"/>).</param>
/// <param name="Lr">Base learning rate. [official] 5e-4.</param>
/// <param name="Beta1">β1. [official] 0.9.</param>
/// <param name="Beta2">β2. [official] 0.999.</param>
/// <param name="Epsilon">ε. [official] 1.0 with <see cref="AdamVariant.Tf1"/>; 1e-8 is the usual standard value.</param>
/// <param name="DecaySteps">The rate is multiplied by <paramref name="DecayRate"/> every this many global steps. [official] 200.</param>
/// <param name="DecayRate">Staircase factor. [official] 0.99.</param>
public sealed record OptimizerOptions(
    AdamVariant Variant = AdamVariant.Tf1,
    double Lr = 5e-4,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    double Epsilon = 1.0,
    int DecaySteps = 200,
    double DecayRate = 0.99)
{
    /// <summary>The authors' setting: TF1 Adam, lr 5e-4, ε = 1, ×0.99 every 200 steps.</summary>
    public static OptimizerOptions Paper => new();

    /// <summary>Standard Adam with ε = 1e-8 and the same schedule.</summary>
    public static OptimizerOptions StandardAdam(double learningRate = 5e-4) =>
        new(AdamVariant.Standard, learningRate, Epsilon: 1e-8);

    /// <summary>Learning rate for the update after <paramref name="completedSteps"/> steps (TF <c>exponential_decay</c>, staircase).</summary>
    public double LearningRateAt(long completedSteps) =>
        Lr * Math.Pow(DecayRate, completedSteps / DecaySteps);

    /// <summary>Throws on values outside their domain.</summary>
    public OptimizerOptions Validate()
    {
        if (!(Lr > 0)) throw new InvalidInputException($"--lr: {Lr} must be positive");
        if (!(Beta1 is >= 0 and < 1) || !(Beta2 is >= 0 and < 1)) throw new InvalidInputException("adam: betas must lie in [0, 1)");
        if (!(Epsilon > 0)) throw new InvalidInputException($"adam: epsilon {Epsilon} must be positive");
        if (DecaySteps <= 0 || !(DecayRate > 0)) throw new InvalidInputException("schedule: decay steps and rate must be positive");
        return this;
    }
}
