namespace Dsch.Data.MosaicLists;

/// <summary>How many images <see cref="MosaicListGenerator"/> composes; the defaults keep extraction and a 3-seed study small on a CPU.</summary>
/// <param name="Database">Database images (from Fashion-MNIST training items).</param>
/// <param name="Queries">Query images (from Fashion-MNIST test items).</param>
/// <param name="Train">Training images, drawn from the database.</param>
public sealed record MosaicListSize(int Database = 3000, int Queries = 500, int Train = 2500)
{
    /// <summary>Largest database or query count accepted (a guard against a mistyped count filling the disk).</summary>
    public const int MaxImages = 100_000;

    /// <summary>Throws <see cref="InvalidInputException"/> naming the option when a count is out of range.</summary>
    public MosaicListSize Validated()
    {
        if (Database is < 1 or > MaxImages) throw new InvalidInputException($"--database: {Database} must be in 1..{MaxImages}");
        if (Queries is < 1 or > MaxImages) throw new InvalidInputException($"--queries: {Queries} must be in 1..{MaxImages}");
        if (Train < 1 || Train > Database) throw new InvalidInputException($"--train: {Train} must be in 1..{Database} (training images come from the database)");
        return this;
    }
}
