namespace Dsch.Training;

/// <summary>How the training images are grouped into batches.</summary>
public enum MateBatching
{
    /// <summary>A seeded random permutation (the paper's shuffled batches). [official]</summary>
    Random,
    /// <summary>k images from each of B/k fine components (hard assignment) per batch.</summary>
    Fine,
    /// <summary>k images from each of B/k coarse components per batch.</summary>
    Coarse,
}

/// <summary>
/// Readings of DSCH in which component-mates meet (docs/method.md, "Readings in which component-mates meet").
/// Every default reproduces the method as implemented before them, bit for bit.
/// </summary>
/// <remarks>
/// [decision] Each implements the abstract's "makes the images share similar semantic components close to each
/// other" where near-hard posteriors and components far smaller than a batch leave <c>S = P1·P1ᵀ</c> almost
/// the identity (docs/method.md, "Findings").
/// </remarks>
/// <param name="Batching">Random batches, or k images from each of B/k fine or coarse components.</param>
/// <param name="MatesPerComponent">k of the component-aware batches (3: five components in the paper's B = 15);
/// B must be a multiple of k when they are on.</param>
/// <param name="CoarseShare">α in <c>S = (1 − α) Q1·Q1ᵀ + α Q2·Q2ᵀ</c>: 0 the fine level (default), 1 the coarse level.</param>
/// <param name="PosteriorTemperature">T in <c>Q1 = softmax(log P1 / T)</c>, used for S only (1 = P1 itself); the
/// E-step and the component terms keep P1.</param>
/// <param name="Memory">Positives beyond the batch: each batch image brings the previous epoch's code of one
/// random fine component-mate as an extra candidate of L_ic.</param>
/// <param name="WarmupEpochs">Epochs before the component terms switch on: until then the epoch trains as the
/// contrastive baseline (λ = 0, S = I, random batches, no memory); the E-step still runs before every epoch.</param>
public sealed record MateOptions(
    MateBatching Batching = MateBatching.Random,
    int MatesPerComponent = 3,
    double CoarseShare = 0,
    double PosteriorTemperature = 1,
    bool Memory = false,
    int WarmupEpochs = 0)
{
    /// <summary>Today's method: random batches, S = P1·P1ᵀ, no memory, no warm-up.</summary>
    public static MateOptions Default { get; } = new();

    /// <summary>True when S differs from <c>P1·P1ᵀ</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool ReshapesCooccurrence => CoarseShare != 0 || PosteriorTemperature != 1;

    /// <summary>True when some reading needs the E-step even if the loss does not.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool NeedsComponents => Batching != MateBatching.Random || Memory;

    /// <summary>True when the component terms and readings apply in <paramref name="epoch"/> (0-based).</summary>
    public bool ComponentsOnIn(int epoch) => epoch >= WarmupEpochs;

    /// <summary>Throws <see cref="InvalidInputException"/> naming the option at fault.</summary>
    public MateOptions Validate(int batchSize)
    {
        if (!Enum.IsDefined(Batching)) throw new InvalidInputException($"--batches: {Batching} is not random, fine or coarse");
        if (MatesPerComponent < 1 || (Batching != MateBatching.Random && batchSize % MatesPerComponent != 0))
            throw new InvalidInputException($"--mates-per-component: {MatesPerComponent} must divide the batch size {batchSize}");
        if (!(CoarseShare >= 0 && CoarseShare <= 1)) throw new InvalidInputException($"--s-coarse-share: {CoarseShare} must be in [0, 1]");
        if (!(PosteriorTemperature > 0) || double.IsInfinity(PosteriorTemperature))
            throw new InvalidInputException($"--s-temperature: {PosteriorTemperature} must be a positive number");
        if (WarmupEpochs < 0) throw new InvalidInputException($"--warmup-epochs: {WarmupEpochs} must be ≥ 0");
        return this;
    }
}
