using Dsch.Data.Images;

namespace Dsch.Data.Formats;

/// <summary>
/// What a format reader returns: pooled images, their labels and class names, and the split when the files define it
/// (<paramref name="ListedSplit"/>) or the generator made it with the data (<paramref name="GeneratedSplit"/>, checked
/// against the committed split file).
/// </summary>
internal sealed record DatasetContent(IReadOnlyList<string> ClassNames, LabelMatrix Labels, IImageSource Images,
    ListedSplit? ListedSplit = null, DatasetSplit? GeneratedSplit = null);

/// <summary>Query / database / train indices read from list files (<c>test.txt</c>, <c>database.txt</c>, <c>train.txt</c>).</summary>
internal sealed record ListedSplit(int[] Query, int[] Database, int[] Train);
