using System.Security.Cryptography;
using System.Text;
using Dsch.Data;
using Dsch.Data.Images;
using Dsch.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Inference;

/// <summary>Where the images of an <see cref="ImageSelection"/> come from, as recorded in a code manifest.</summary>
/// <param name="Kind"><c>files</c> (a folder or a list of image files) or <c>dataset</c> (one set of a dataset's split).</param>
/// <param name="Given">The folder or list file as given (files), null for a dataset.</param>
/// <param name="Dataset">Dataset name (dataset).</param>
/// <param name="Root">Dataset folder, absolute, null when located automatically (dataset; older manifests: as given).</param>
/// <param name="SplitSeed">Split seed (dataset).</param>
/// <param name="Set"><c>query</c>, <c>database</c> or <c>train</c> (dataset).</param>
public sealed record ImageSource(string Kind, string? Given, string? Dataset, string? Root, int? SplitSeed, string? Set);

/// <summary>
/// An ordered list of images to encode: the image files of a folder (sorted by path, ordinal), the files a list names
/// (one path a line, relative to the list's folder), or one set of a dataset's split in split order. Row <c>r</c> has
/// the id <see cref="Ids"/>[r]: the file's absolute path, or the dataset image index.
/// </summary>
public sealed class ImageSelection
{
    /// <summary>File name endings taken from a folder (the formats the image decoder reads).</summary>
    public static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tga", ".webp", ".tif", ".tiff", ".pbm"];

    readonly Func<int, Image<Rgb24>> _load;

    ImageSelection(ImageSource source, IReadOnlyList<string> ids, Func<int, Image<Rgb24>> load)
    {
        (Source, Ids, _load) = (source, ids, load);
        Fingerprint = FingerprintOf(ids);
    }

    /// <summary>Where the images come from.</summary>
    public ImageSource Source { get; }

    /// <summary>One id per row.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Number of images.</summary>
    public int Count => Ids.Count;

    /// <summary>SHA-256 (hex) of the ids, one a line: shards of one selection share it.</summary>
    public string Fingerprint { get; }

    /// <summary>
    /// The images of a folder (every file with an <see cref="Extensions"/> ending, in sub-folders too), of a list file, or
    /// one image file (a path with an <see cref="Extensions"/> ending).
    /// An empty folder or list, a listed file that does not exist, or a path that is neither is an
    /// <see cref="InvalidInputException"/> naming it (and the line). Undecodable images fail when they are loaded.
    /// </summary>
    public static ImageSelection FromFiles(string folderOrList)
    {
        // Regular files only (a FIFO or device named like an image would block or stream forever); a list is read
        // with bounded lines and its entries are contained in the list's folder, as a dataset list is in its root.
        PathText.RefuseControlCharacters(folderOrList, "--images");
        string[] paths;
        if (Directory.Exists(folderOrList))
        {
            paths = ImageFolderWalk.Find(folderOrList, Extensions, "--images");
            if (paths.Length == 0)
                throw new InvalidInputException($"--images {folderOrList}: the folder holds no image files ({string.Join(" ", Extensions)})");
        }
        else if (!File.Exists(folderOrList)) throw new InvalidInputException($"--images {PathText.Quote(folderOrList)}: neither a folder nor a list file");
        else if (Extensions.Contains(Path.GetExtension(folderOrList).ToLowerInvariant()))
        {
            InputFile.RequireRegular(folderOrList, "image");
            paths = [Path.GetFullPath(folderOrList)];
        }
        else paths = ReadList(folderOrList);
        return FromPaths(new ImageSource("files", folderOrList, null, null, null, null), paths);
    }

    /// <summary>The given image files, in that order (e.g. one query image).</summary>
    public static ImageSelection FromPaths(ImageSource source, IReadOnlyList<string> paths)
    {
        var full = paths.Select(Path.GetFullPath).ToArray();
        return new ImageSelection(source, full, row => SafeImageFile.Load(full[row], null));
    }

    /// <summary>The images of set <paramref name="set"/> (query, database or train) of <paramref name="data"/>, in split order.</summary>
    public static ImageSelection FromDataset(HashingDataset data, string set, string? root, int splitSeed)
    {
        var indices = data.SplitIndices(set);
        if (indices.Length == 0) throw new InvalidInputException($"--set {set}: {data.Name} has no {set} images");
        // The absolute folder, so the manifest still finds the images when read from another working folder.
        return new ImageSelection(new ImageSource("dataset", null, data.Name, root is null ? null : data.Root, splitSeed, set),
            [.. indices.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))], row => data.LoadImage(indices[row]));
    }

    /// <summary>
    /// The images behind the rows of a code set written by <c>dsch encode</c> (for montages): files by the paths in
    /// <paramref name="ids"/>, dataset images by the indices in <paramref name="ids"/> of the dataset the manifest names.
    /// </summary>
    public static ImageSelection Reopen(CodeManifest manifest, IReadOnlyList<string> ids)
    {
        if (manifest.Source.Kind == "files") return FromPaths(manifest.Source, ids);
        if (manifest.Source.Kind != "dataset" || manifest.Source.Dataset is null)
            throw new InvalidInputException($"code manifest: unknown image source '{manifest.Source.Kind}'");
        // The manifest's root is a value of that file, not an option of this command: a missing one is reported against it.
        if (manifest.Source.Root is { } root && !Directory.Exists(root))
            throw InvalidInputException.At(manifest.ReadFrom ?? "code manifest", "source.root",
                $"dataset folder {PathText.Quote(root)} does not exist{(Path.IsPathRooted(root) ? "" : $" (a relative folder, looked for from {PathText.Quote(Environment.CurrentDirectory)})")}");
        var data = DatasetCatalog.Open(manifest.Source.Dataset, root: manifest.Source.Root, manifest.Source.SplitSeed ?? 0);
        var indices = ids.Select((id, row) => int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int i) && i < data.Count
            ? i : throw new InvalidInputException($"ids row {row}: '{id}' is not an image index of {data.Name}")).ToArray();
        return new ImageSelection(manifest.Source, ids, row => data.LoadImage(indices[row]));
    }

    /// <summary>Decodes the image of row <paramref name="row"/> as RGB; the caller disposes it.</summary>
    public Image<Rgb24> Load(int row) => _load(row);

    /// <summary>Rows <paramref name="rows"/> as model inputs (B·3·S·S floats), un-augmented, through <see cref="ImagePipeline"/>.</summary>
    public float[] LoadPixels(IReadOnlyList<int> rows, int size) =>
        ImagePipeline.LoadPixels(_load, rows, size, augment: null, seed: 0, epoch: 0, view: 0, Environment.ProcessorCount);

    static string[] ReadList(string listPath)
    {
        var root = ListedPath.CanonicalRoot(Path.GetDirectoryName(Path.GetFullPath(listPath))!);
        var paths = new List<string>();
        int lineNumber = 0;
        foreach (var line in InputFile.ReadLines(listPath, what: "image list"))
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#')) continue;
            var full = ListedPath.Resolve(root, text, $"{PathText.Quote(listPath)}: line {lineNumber}");
            InputFile.RequireRegular(full, "image");
            paths.Add(full);
        }
        if (paths.Count == 0) throw InvalidInputException.At(listPath, null, "the list names no images");
        return [.. paths];
    }

    static string FingerprintOf(IReadOnlyList<string> ids)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var id in ids) hash.AppendData(Encoding.UTF8.GetBytes(id + "\n"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
