using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Data.Images;

/// <summary>Images stored as individual files (JPEG, PNG, ...), decoded with limits on every load.</summary>
internal sealed class FileImageSource : IImageSource
{
    readonly string[] _paths;
    readonly string?[] _positions;

    /// <param name="paths">Absolute path of each image.</param>
    /// <param name="positions">Where each path was listed (e.g. "database.txt line 12"), or null; used in error messages.</param>
    public FileImageSource(string[] paths, string?[] positions)
    {
        if (paths.Length != positions.Length) throw new ArgumentException("one position per path", nameof(positions));
        (_paths, _positions) = (paths, positions);
    }

    public int Count => _paths.Length;

    public Image<Rgb24> Load(int index) => SafeImageFile.Load(_paths[index], _positions[index]);

    public string Describe(int index) => _positions[index] is { } listed ? $"{_paths[index]} ({listed})" : _paths[index];

    public void Check(int index) => SafeImageFile.Identify(_paths[index], _positions[index]);
}
