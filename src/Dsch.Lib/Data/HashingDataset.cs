using Dsch.Data.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Data;

/// <summary>
/// One hashing benchmark: its pooled images (indices 0..<see cref="Count"/>−1), their multi-hot labels,
/// class names and the evaluation split. Images are decoded on demand; open one with
/// <see cref="DatasetCatalog.Open(string, string?, int)"/>.
/// </summary>
public sealed class HashingDataset
{
    readonly IImageSource _images;

    internal HashingDataset(string name, string root, IReadOnlyList<string> classNames, LabelMatrix labels, DatasetSplit split, IImageSource images)
    {
        if (labels.Count != images.Count) throw new ArgumentException($"{labels.Count} label rows for {images.Count} images");
        if (classNames.Count != labels.Classes) throw new ArgumentException($"{classNames.Count} class names for {labels.Classes} label columns");
        (Name, Root, ClassNames, Labels, Split, _images) = (name, root, classNames, labels, split, images);
    }

    /// <summary>
    /// A dataset held in memory (tests, notebooks, synthetic data): <paramref name="pixels"/> holds N images of
    /// H × W bytes, grey (<paramref name="channels"/> = 1) or three planes R, G, B (<paramref name="channels"/> = 3).
    /// The split is checked like a loaded split file (ranges, disjointness, train ⊆ database, label hash).
    /// </summary>
    public static HashingDataset InMemory(string name, IReadOnlyList<string> classNames, LabelMatrix labels, byte[] pixels,
        int width, int height, int channels, DatasetSplit split)
    {
        if (width < 1 || height < 1) throw new InvalidInputException($"{name}: image size {width}×{height} is empty");
        if (channels is not (1 or 3)) throw new InvalidInputException($"{name}: channels must be 1 or 3, not {channels}");
        if (pixels.LongLength != (long)labels.Count * width * height * channels)
            throw new InvalidInputException($"{name}: {pixels.LongLength} pixel bytes for {labels.Count} images of {channels}×{height}×{width}");
        Splits.SplitFile.Check(split, labels, $"{name} (in-memory split)", trainInDatabase: true);
        var source = new RawPixelSource(pixels, labels.Count, width, height, channels, index => $"{name} (in memory) image {index}");
        return new HashingDataset(name, "(memory)", classNames, labels, split, source);
    }

    /// <summary>The same images and labels under another split (a validation protocol carved from the training set).</summary>
    internal HashingDataset WithSplit(DatasetSplit split) => new(Name, Root, ClassNames, Labels, split, _images);

    /// <summary>Dataset name: fashion-mnist, fashion-outfits, cifar10, flickr25k, nuswide or imagelist.</summary>
    public string Name { get; }

    /// <summary>The split file that was checked or written for this split (null: split from list files, in memory or outside a checkout).</summary>
    public string? SplitFile { get; init; }

    /// <summary>The folder the data was read from.</summary>
    public string Root { get; }

    /// <summary>Name of each label column.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of pooled images.</summary>
    public int Count => _images.Count;

    /// <summary>Multi-hot labels of the pooled images (Count × classes).</summary>
    public LabelMatrix Labels { get; }

    /// <summary>The query / database / train split in use.</summary>
    public DatasetSplit Split { get; }

    /// <summary>Decodes image <paramref name="index"/> as 8-bit RGB (grey images replicated to three channels). The caller disposes it.</summary>
    /// <exception cref="InvalidInputException">The image file is missing, undecodable or declares absurd dimensions.</exception>
    public Image<Rgb24> LoadImage(int index)
    {
        RequireIndex(index);
        return _images.Load(index);
    }

    /// <summary>Where image <paramref name="index"/> comes from, e.g. a file path or "train-images-idx3-ubyte.gz record 17".</summary>
    public string Describe(int index)
    {
        RequireIndex(index);
        return _images.Describe(index);
    }

    /// <summary>Checks image <paramref name="index"/> is present and readable (for file images: exists, known format, sane declared size).</summary>
    public void CheckImage(int index)
    {
        RequireIndex(index);
        _images.Check(index);
    }

    /// <summary>What tells these images from others under the same split and labels (image files: paths, sizes, times; else "").</summary>
    public string ImagesFingerprint() => _images.Fingerprint();

    /// <summary>Indices of the named split part: query, database or train.</summary>
    public int[] SplitIndices(string part) => part switch
    {
        "query" => Split.Query,
        "database" => Split.Database,
        "train" => Split.Train,
        _ => throw new InvalidInputException($"--split: unknown split '{part}' (known: query, database, train)"),
    };

    void RequireIndex(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"image index {index} outside [0, {Count}) of {Name}");
    }
}
