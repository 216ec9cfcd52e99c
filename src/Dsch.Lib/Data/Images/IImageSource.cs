using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Data.Images;

/// <summary>Pooled images of one dataset, decoded on demand; thread-safe for concurrent <see cref="Load"/> calls.</summary>
internal interface IImageSource
{
    /// <summary>Number of images.</summary>
    int Count { get; }

    /// <summary>Decodes image <paramref name="index"/> as RGB (grey replicated); throws <see cref="InvalidInputException"/> naming file and record on bad data.</summary>
    Image<Rgb24> Load(int index);

    /// <summary>Where image <paramref name="index"/> comes from (file path, or file and record).</summary>
    string Describe(int index);

    /// <summary>Checks image <paramref name="index"/> without decoding all pixels when possible (header, dimensions); throws on bad data.</summary>
    void Check(int index);

    /// <summary>
    /// What tells these images from other images under the same split (for the feature-cache key): "" for sources whose
    /// content the dataset's name and labels already pin down; files override it.
    /// </summary>
    string Fingerprint() => "";
}
