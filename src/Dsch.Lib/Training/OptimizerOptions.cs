using System.Text.Json.Serialization;

namespace Dsch.Training;

/// <summary>Which update rule the trainer applies: one of two Adam flavours, or SGD with momentum.</summary>
public enum OptimizerVariant
{
    /// <summary>
    /// TensorFlow-1 <c>AdamOptimizer</c>: ε is added to the <em>un-bias-corrected</em> √v, i.e. PyTorch-style
    /// Adam with a step-dependent <c>ε_t = ε/√(1−β2^t)</c>. With the authors' ε = 1 it behaves like momentum
    /// SGD with a built-in warm-up. [official]
    /// </summary>
    Tf1,
    /// <summary>Kingma &amp; Ba / PyTorch Adam: ε added to the bias-corrected √v̂.</summary>
    Standard,
    /// <summary>
    /// PyTorch's <c>torch.optim.SGD</c> (no dampening, no Nesterov): <c>d = g + wd θ</c>, <c>buf ← μ buf + d</c>,
    /// <c>θ ← θ − α buf</c>, with μ = <see cref="OptimizerOptions.Momentum"/> and wd =
    /// <see cref="OptimizerOptions.WeightDecay"/>. The β's and ε are unused. BiHalf's and GreedyHash's sources train with it.
    /// </summary>
    Sgd,
}

/// <summary>
/// The update rule's hyper-parameters and the staircase learning-rate decay of docs/method.md ("Optimisation").
/// </summary>
/// <remarks>
/// The SGD-only members (<see cref="Momentum"/>, <see cref="WeightDecay"/>) and <see cref="DecayEveryEpochs"/> are left
/// out of the JSON at their default 0, so every configuration written before they existed reads and compares unchanged.
/// </remarks>
/// <param name="Variant">Update rule (see <see cref="OptimizerVariant"/>).</param>
/// <param name="Lr">Base learning rate. [official] 5e-4.</param>
/// <param name="Beta1">β1. [official] 0.9.</param>
/// <param name="Beta2">β2. [official] 0.999.</param>
/// <param name="Epsilon">ε. [official] 1.0 with <see cref="OptimizerVariant.Tf1"/>; 1e-8 is the usual standard value.</param>
/// <param name="DecaySteps">The rate is multiplied by <paramref name="DecayRate"/> every this many global steps. [official] 200.</param>
/// <param name="DecayRate">Staircase factor. [official] 0.99.</param>
public sealed record OptimizerOptions(
    OptimizerVariant Variant = OptimizerVariant.Tf1,
    double Lr = 5e-4,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    double Epsilon = 1.0,
    int DecaySteps = 200,
    double DecayRate = 0.99)
{
    /// <summary>SGD's momentum μ (0 for the Adam rules).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double Momentum { get; init; }

    /// <summary>SGD's L2 weight decay, added to the gradient as <c>wd θ</c> (0 for the Adam rules).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double WeightDecay { get; init; }

    /// <summary>
    /// When positive, the staircase counts epochs instead of steps: the rate is multiplied by <see cref="DecayRate"/>
    /// every this many epochs (PyTorch scripts' <c>lr = lr0 · rate^(epoch // k)</c>); <see cref="PerStep"/> turns it into
    /// <see cref="DecaySteps"/> once the steps per epoch are known.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int DecayEveryEpochs { get; init; }

    /// <summary>SGD with momentum <paramref name="momentum"/> and weight decay <paramref name="weightDecay"/> at a constant rate.</summary>
    public static OptimizerOptions Sgd(double learningRate, double momentum, double weightDecay) =>
        new(OptimizerVariant.Sgd, learningRate, DecaySteps: int.MaxValue, DecayRate: 1) { Momentum = momentum, WeightDecay = weightDecay };

    /// <summary>These options with an epoch staircase expressed in steps of an epoch of <paramref name="stepsPerEpoch"/> updates.</summary>
    public OptimizerOptions PerStep(int stepsPerEpoch) =>
        DecayEveryEpochs > 0 ? this with { DecaySteps = checked(DecayEveryEpochs * Math.Max(1, stepsPerEpoch)), DecayEveryEpochs = 0 } : this;

    /// <summary>The authors' setting: TF1 Adam, lr 5e-4, ε = 1, ×0.99 every 200 steps.</summary>
    public static OptimizerOptions Paper => new();

    /// <summary>Standard Adam with ε = 1e-8 and the same schedule.</summary>
    public static OptimizerOptions StandardAdam(double learningRate = 5e-4) =>
        new(OptimizerVariant.Standard, learningRate, Epsilon: 1e-8);

    /// <summary>Learning rate for the update after <paramref name="completedSteps"/> steps (TF <c>exponential_decay</c>, staircase).</summary>
    public double LearningRateAt(long completedSteps) =>
        Lr * Math.Pow(DecayRate, completedSteps / DecaySteps);

    /// <summary>Throws on values outside their domain.</summary>
    public OptimizerOptions Validate()
    {
        if (!(Lr > 0)) throw new InvalidInputException($"--lr: {Lr} must be positive");
        if (!(Beta1 is >= 0 and < 1) || !(Beta2 is >= 0 and < 1)) throw new InvalidInputException("adam: betas must lie in [0, 1)");
        if (!(Epsilon > 0)) throw new InvalidInputException($"adam: epsilon {Epsilon} must be positive");
        if (DecaySteps <= 0 || !(DecayRate > 0) || DecayEveryEpochs < 0) throw new InvalidInputException("schedule: decay steps and rate must be positive");
        if (!(Momentum is >= 0 and < 1)) throw new InvalidInputException($"sgd: momentum {Momentum} must lie in [0, 1)");
        if (!(WeightDecay >= 0)) throw new InvalidInputException($"sgd: weight decay {WeightDecay} must not be negative");
        if (Variant != OptimizerVariant.Sgd && (Momentum != 0 || WeightDecay != 0))
            throw new InvalidInputException("adam: momentum and weight decay belong to the sgd rule");
        return this;
    }
}
