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
/// Every default is DSCH without the reading, bit for bit.
/// </summary>
/// <remarks>
/// [decision] Each implements the abstract's "makes the images share similar semantic components close to each
/// other" where near-hard posteriors and components far smaller than a batch leave <c>S = P1·P1ᵀ</c> almost
/// the identity (docs/method.md, "Findings").
/// </remarks>
/// <param name="Batches">Random batches, or k images from each of B/k fine or coarse components.</param>
/// <param name="Mates">k of the component-aware batches (3: five components in the paper's B = 15);
/// B must be a multiple of k when they are on.</param>
/// <param name="SCoarse">α in <c>S = (1 − α) Q1·Q1ᵀ + α Q2·Q2ᵀ</c>: 0 the fine level (default), 1 the coarse level.</param>
/// <param name="STemperature">T in <c>Q1 = softmax(log P1 / T)</c>, used for S only (1 = P1 itself); the
/// E-step and the component terms keep P1.</param>
/// <param name="MateMemory">Positives beyond the batch: each batch image brings the previous epoch's code of one
/// random fine component-mate as an extra candidate of L_ic.</param>
/// <param name="Warmup">Epochs before the component terms switch on: until then the epoch trains as the
/// contrastive baseline (λ = 0, S = I, random batches, no memory); the E-step still runs before every epoch.</param>
public sealed record MateOptions(
    MateBatching Batches = MateBatching.Random,
    int Mates = 3,
    double SCoarse = 0,
    double STemperature = 1,
    bool MateMemory = false,
    int Warmup = 0)
{
    /// <summary>DSCH without readings: random batches, S = P1·P1ᵀ, no memory, no warm-up.</summary>
    public static MateOptions Default { get; } = new();

    /// <summary>True when S differs from <c>P1·P1ᵀ</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool ReshapesCooccurrence => SCoarse != 0 || STemperature != 1;

    /// <summary>True when some reading needs the E-step even if the loss does not.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool NeedsComponents => Batches != MateBatching.Random || MateMemory;

    /// <summary>True when the component terms and readings apply in <paramref name="epoch"/> (0-based).</summary>
    public bool ComponentsOnIn(int epoch) => epoch >= Warmup;

    /// <summary>Throws <see cref="InvalidInputException"/> naming the option at fault.</summary>
    public MateOptions Validate(int batchSize)
    {
        if (!Enum.IsDefined(Batches)) throw new InvalidInputException($"--batches: {Batches} is not random, fine or coarse");
        if (Mates < 1 || (Batches != MateBatching.Random && batchSize % Mates != 0))
            throw new InvalidInputException($"--mates: {Mates} must divide the batch size {batchSize}");
        if (!(SCoarse >= 0 && SCoarse <= 1)) throw new InvalidInputException($"--s-coarse: {SCoarse} must be in [0, 1]");
        if (!(STemperature > 0) || double.IsInfinity(STemperature))
            throw new InvalidInputException($"--s-temperature: {STemperature} must be a positive number");
        if (Warmup < 0) throw new InvalidInputException($"--warmup: {Warmup} must be ≥ 0");
        return this;
    }
}
