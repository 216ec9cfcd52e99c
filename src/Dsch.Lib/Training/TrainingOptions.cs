using Dsch.Components;

namespace Dsch.Training;

/// <summary>How the encoder is trained.</summary>
public enum TrainingMode
{
    /// <summary>Pretrained backbone frozen; its features of V augmented views are cached; only the hash head trains. [decision: CPU mode]</summary>
    Frozen,
    /// <summary>Backbone and head trained end to end on images augmented on the fly (the paper). [official]</summary>
    Finetune,
}

/// <summary>When a run encodes query and database and measures mAP.</summary>
public enum EvaluationSchedule
{
    /// <summary>After every epoch (cheap on cached features: the history then shows mAP per epoch).</summary>
    EveryEpoch,
    /// <summary>
    /// After the last epoch only: when fine-tuning, query and database go through the backbone, which costs about as
    /// much as an epoch of training on a CPU (docs/method.md#presets-dschconfigpresets). [decision]
    /// </summary>
    LastEpoch,
}

/// <summary>
/// Everything that defines a DSCH training run (docs/method.md). Immutable: derive variants with <c>with</c>.
/// </summary>
/// <param name="Bits">Code length L.</param>
/// <param name="Loss">Loss switches, τ and λ.</param>
/// <param name="Components">E-step settings (m1, m2, covariance, posterior normalisation, EM caps).</param>
/// <param name="Optimizer">Adam flavour, learning rate and schedule.</param>
/// <param name="Epochs">EM iterations; one E-step before each epoch. [official] 10.</param>
/// <param name="BatchSize">B distinct images per step (2B views). [official] 15.</param>
/// <param name="Mode">Frozen features or fine-tuning.</param>
/// <param name="Seed">Training seed: head initialisation, shuffling, view choice, E-step initialisations.</param>
/// <param name="TopK">Cut-offs K of mAP@K evaluated after every epoch (int.MaxValue = all); not given: 1000 and all.</param>
/// <param name="Mates">Readings in which component-mates meet; not given: <see cref="MateOptions.Default"/>.</param>
/// <param name="Evaluation">When query and database are encoded and evaluated.</param>
public sealed record TrainingOptions(
    int Bits,
    LossOptions Loss,
    ComponentOptions Components,
    OptimizerOptions Optimizer,
    int Epochs = 10,
    int BatchSize = 15,
    TrainingMode Mode = TrainingMode.Frozen,
    long Seed = 0,
    IReadOnlyList<int> TopK = null!,
    MateOptions Mates = null!,
    EvaluationSchedule Evaluation = EvaluationSchedule.EveryEpoch)
{
    /// <summary>mAP cut-offs to evaluate (1000 and all when not given).</summary>
    public IReadOnlyList<int> TopK { get; init; } = TopK ?? DefaultTopK;

    // One shared list, so that options built apart with the default compare equal.
    static readonly IReadOnlyList<int> DefaultTopK = Array.AsReadOnly(new[] { 1000, int.MaxValue });

    /// <summary>The mate-meeting readings (<see cref="MateOptions.Default"/> when not given).</summary>
    public MateOptions Mates { get; init; } = Mates ?? MateOptions.Default;

    /// <summary>True when epoch <paramref name="epoch"/> (0-based) ends with an evaluation; the last one always does.</summary>
    public bool EvaluatesAfter(int epoch) => epoch == Epochs - 1 || Evaluation == EvaluationSchedule.EveryEpoch;

    /// <summary>True when the E-step must run: the loss or a reading uses the components.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool NeedsComponents => Loss.NeedsComponents || Mates.NeedsComponents;

    /// <summary>Throws <see cref="InvalidInputException"/> naming the option at fault.</summary>
    public TrainingOptions Validate()
    {
        if (Bits is < 1 or > 4096) throw new InvalidInputException($"--bits: {Bits} must be between 1 and 4096");
        if (Epochs < 1) throw new InvalidInputException($"--epochs: {Epochs} must be ≥ 1");
        if (BatchSize < 2) throw new InvalidInputException($"--batch-size: {BatchSize} must be ≥ 2 (contrastive pairs need other images)");
        Loss.Validate();
        Optimizer.Validate();
        Mates.Validate(BatchSize);
        if (Mates.Warmup > 0 && !Loss.Instance)
            throw new InvalidInputException("--warmup: the warm-up trains L_ic alone and needs the instance term");
        return this;
    }

    /// <summary>
    /// As <see cref="Validate()"/>, and the E-step's sizes against a training set of <paramref name="trainCount"/> images
    /// (m1 ≤ N, 1 ≤ m2 ≤ m1) and B ≤ N: everything a run checks, done before its folder is written.
    /// </summary>
    public TrainingOptions Validate(long trainCount)
    {
        Validate();
        Components.Validate(trainCount, Bits);
        if (BatchSize > trainCount)
            throw new InvalidInputException($"batch size B = {BatchSize} exceeds the {trainCount} training images: no step would run (a method's own batch, e.g. CIBHash's 64, needs at least that many images)");
        return this;
    }
}
