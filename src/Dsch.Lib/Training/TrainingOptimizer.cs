using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Training;

/// <summary>
/// The trainer's update rule — Adam in both flavours of <see cref="OptimizerVariant"/>, or SGD with momentum — with the
/// staircase decay, written out so that the update rule is explicit and its whole state (t, m, v) can be checkpointed
/// and restored exactly.
/// </summary>
/// <remarks>
/// For step t (1-based) with gradient g, Adam: <c>m ← β1 m + (1−β1) g</c>, <c>v ← β2 v + (1−β2) g²</c>, then
/// <list type="bullet">
/// <item>Standard: <c>θ ← θ − α · m̂ / (√v̂ + ε)</c>, <c>m̂ = m/(1−β1^t)</c>, <c>v̂ = v/(1−β2^t)</c>.</item>
/// <item>TF1: <c>α_t = α √(1−β2^t)/(1−β1^t)</c>, <c>θ ← θ − α_t · m / (√v + ε)</c>.</item>
/// </list>
/// SGD: <c>d = g + wd θ</c>, <c>m ← μ m + d</c>, <c>θ ← θ − α m</c> (PyTorch's rule; m starts at 0, so the first
/// step's m equals PyTorch's <c>buf = d</c>); its v stays 0, which keeps one checkpoint layout for every rule.
/// α is <see cref="OptimizerOptions.LearningRateAt"/> of the steps completed before this one.
/// </remarks>
public sealed class TrainingOptimizer : IDisposable
{
    readonly IReadOnlyList<Tensor> _parameters;
    readonly Tensor[] _first, _second;
    readonly Tensor?[] _scratch;
    readonly OptimizerOptions _options;

    /// <summary>Creates the optimiser over <paramref name="parameters"/> (state starts at zero).</summary>
    public TrainingOptimizer(IEnumerable<Tensor> parameters, OptimizerOptions options)
    {
        _options = options.Validate();
        _parameters = parameters.ToList();
        _first = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _second = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _scratch = new Tensor?[_parameters.Count];
    }

    /// <summary>Updates completed so far (the global step).</summary>
    public long CompletedSteps { get; private set; }

    /// <summary>Learning rate the next update will use.</summary>
    public double CurrentLearningRate => _options.LearningRateAt(CompletedSteps);

    /// <summary>Clears the gradients of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in _parameters) parameter.grad?.zero_();
    }

    /// <summary>
    /// Applies one update from the current gradients (parameters without a gradient are skipped). CPU float32
    /// parameters take <see cref="FusedAdamUpdate"/>'s two fused passes (bit-identical), others the libtorch operations.
    /// </summary>
    public void Step()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        double alpha = CurrentLearningRate;
        long t = ++CompletedSteps;
        if (_options.Variant == OptimizerVariant.Sgd)
        {
            SgdStep(alpha);
            return;
        }
        double b1 = _options.Beta1, b2 = _options.Beta2, eps = _options.Epsilon;
        double correction1 = 1 - Math.Pow(b1, t), correction2 = 1 - Math.Pow(b2, t);
        double stepSize = alpha * Math.Sqrt(correction2) / correction1;
        bool standard = _options.Variant == OptimizerVariant.Standard;
        double stepValue = standard ? -alpha / correction1 : -stepSize;
        var fused = new List<(Tensor, Tensor, Tensor, Tensor, Tensor)>(_parameters.Count);
        using Scalar beta1 = b1, beta2 = b2, oneMinusBeta1 = 1 - b1, oneMinusBeta2 = 1 - b2, epsilon = eps;
        using Scalar secondCorrection = correction2, step = stepValue;
        for (int i = 0; i < _parameters.Count; i++)
        {
            var gradient = _parameters[i].grad;
            if (gradient is null) continue;
            if (!ForceLibtorchOps && FusedAdamUpdate.Applies(_parameters[i], gradient, _first[i], _second[i]))
            {
                _scratch[i] ??= empty_like(_second[i]).DetachFromDisposeScope();
                fused.Add((_parameters[i], gradient, _first[i], _second[i], _scratch[i]!));
                continue;
            }
            _first[i].mul_(beta1).add_(gradient, alpha: oneMinusBeta1);
            _second[i].mul_(beta2).addcmul_(gradient, gradient, value: oneMinusBeta2);
            var denominator = standard ? _second[i].div(secondCorrection).sqrt_().add_(epsilon, One) : _second[i].sqrt().add_(epsilon, One);
            _parameters[i].addcdiv_(_first[i], denominator, value: step);
        }
        if (fused.Count > 0)
            FusedAdamUpdate.Apply(fused, new FusedAdamUpdate.Constants((float)b1, (float)(1 - b1), (float)b2, (float)(1 - b2), (float)eps,
                (float)correction2, (float)stepValue, standard), get_num_threads());
    }

    void SgdStep(double alpha)
    {
        using Scalar momentum = _options.Momentum, weightDecay = _options.WeightDecay, step = -alpha;
        for (int i = 0; i < _parameters.Count; i++)
        {
            var gradient = _parameters[i].grad;
            if (gradient is null) continue;
            var direction = _options.WeightDecay != 0 ? gradient.add(_parameters[i], alpha: weightDecay) : gradient; // d = g + wd θ
            _first[i].mul_(momentum).add_(direction, One);
            _parameters[i].add_(_first[i], alpha: step);
        }
    }

    /// <summary>Tests only: update every parameter with the libtorch operations, the reference of the fused pass.</summary>
    internal bool ForceLibtorchOps { get; init; }

    /// <summary>The state to checkpoint: step count and copies of the moment tensors (on the CPU).</summary>
    public (long CompletedSteps, Tensor[] First, Tensor[] Second) SaveState() =>
        (CompletedSteps, _first.Select(m => m.detach().cpu().clone()).ToArray(),
            _second.Select(v => v.detach().cpu().clone()).ToArray());

    /// <summary>Restores a state produced by <see cref="SaveState"/>.</summary>
    public void LoadState(long completedSteps, IReadOnlyList<Tensor> first, IReadOnlyList<Tensor> second)
    {
        if (first.Count != _first.Length || second.Count != _second.Length)
            throw new InvalidInputException($"optimizer state has {first.Count} tensors, the model has {_first.Length} parameters");
        using var noGrad = no_grad();
        for (int i = 0; i < _first.Length; i++)
        {
            if (!first[i].shape.SequenceEqual(_first[i].shape) || !second[i].shape.SequenceEqual(_second[i].shape))
                throw new InvalidInputException($"optimizer state tensor {i} has shape ({string.Join(", ", first[i].shape)}), expected ({string.Join(", ", _first[i].shape)})");
            _first[i].copy_(first[i]);
            _second[i].copy_(second[i]);
        }
        CompletedSteps = completedSteps;
    }

    /// <summary>Frees the moment tensors.</summary>
    public void Dispose()
    {
        foreach (var tensor in _first.Concat(_second)) tensor.Dispose();
        foreach (var tensor in _scratch) tensor?.Dispose();
    }
}
