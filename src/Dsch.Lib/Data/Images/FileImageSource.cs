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

    /// <summary>
    /// SHA-256 (hex) of every image's path, size and modification time: two image lists with the same layout but other
    /// files (another folder, an edited image) get different feature caches. Costs one stat a file, no reading.
    /// </summary>
    public string Fingerprint()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var path in _paths)
        {
            var info = new FileInfo(path);
            long length = info.Exists ? info.Length : -1, modified = info.Exists ? info.LastWriteTimeUtc.Ticks : 0;
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{path}\0{length}\0{modified}\n"));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
