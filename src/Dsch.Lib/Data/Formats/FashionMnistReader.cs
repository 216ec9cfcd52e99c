using Dsch.Data.Images;

namespace Dsch.Data.Formats;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul &amp; Vollgraf 2017) from its four IDX files, gzip-compressed (as the Debian
/// package <c>dataset-fashion-mnist</c> and the official site ship them) or plain. Pooled order is
/// docs/protocol.md's: the 60,000 training images, then the 10,000 test images. Pixels are kept in memory
/// as raw bytes after one read.
/// </summary>
internal static class FashionMnistReader
{
    /// <summary>The ten class names in label order (official README).</summary>
    public static readonly IReadOnlyList<string> ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    static readonly string[] Parts = ["train", "t10k"];

    public static DatasetContent Read(string root)
    {
        var raw = ReadRaw(root);
        var source = new RawPixelSource(raw.Pixels, raw.ClassIds.Length, raw.Width, raw.Height, 1, raw.Describe);
        return new DatasetContent(ClassNames, LabelMatrix.FromClassIds(raw.ClassIds, ClassNames.Count), source);
    }

    /// <summary>The pooled grey pixels (N × H × W bytes), class ids and record names, checked as <see cref="Read"/> checks them.</summary>
    public static FashionMnistRaw ReadRaw(string root)
    {
        var images = new List<IdxFile.Content>();
        var labels = new List<byte>();
        var ranges = new RecordRanges();
        int width = 0, height = 0;
        foreach (var part in Parts)
        {
            string imagePath = Locate(root, $"{part}-images-idx3-ubyte"), labelPath = Locate(root, $"{part}-labels-idx1-ubyte");
            var image = IdxFile.Read(imagePath, 3);
            var label = IdxFile.Read(labelPath, 1);
            if (label.Shape[0] != image.Shape[0])
                throw InvalidInputException.At(labelPath, null, $"{label.Shape[0]} labels for {image.Shape[0]} images in {Path.GetFileName(imagePath)}");
            if (width != 0 && (image.Shape[1], image.Shape[2]) != (height, width))
                throw InvalidInputException.At(imagePath, null, $"images are {image.Shape[1]}×{image.Shape[2]}, the training images {height}×{width}");
            (height, width) = (image.Shape[1], image.Shape[2]);
            for (int r = 0; r < label.Data.Length; r++)
                if (label.Data[r] >= ClassNames.Count)
                    throw InvalidInputException.At(labelPath, $"record {r}", $"label {label.Data[r]} outside 0..{ClassNames.Count - 1}");
            ranges.Add(Path.GetFileName(imagePath), image.Shape[0]);
            images.Add(image);
            labels.AddRange(label.Data);
        }
        var pixels = RecordRanges.Concatenate(images.Select(i => i.Data).ToList());
        return new FashionMnistRaw(pixels, labels.Select(l => (int)l).ToArray(), width, height, images[0].Shape[0], ranges.Describe);
    }

    static string Locate(string root, string stem)
    {
        foreach (var candidate in new[] { stem + ".gz", stem })
            if (File.Exists(Path.Combine(root, candidate))) return Path.Combine(root, candidate);
        throw InvalidInputException.At(Path.Combine(root, stem + ".gz"), null, 
            "Fashion-MNIST file is missing (also looked for the uncompressed name); install it with 'sudo apt-get install dataset-fashion-mnist' or pass --root DIR");
    }
}

/// <summary>Fashion-MNIST as read: grey pixels back to back, class ids, image size, how many leading items are training items, record names.</summary>
internal sealed record FashionMnistRaw(byte[] Pixels, int[] ClassIds, int Width, int Height, int TrainCount, Func<int, string> Describe);
