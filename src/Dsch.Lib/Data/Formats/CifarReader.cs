using Dsch.Data.Images;

namespace Dsch.Data.Formats;

/// <summary>
/// CIFAR-10 (Krizhevsky 2009) in either official distribution: the <b>binary version</b>
/// (<c>data_batch_1.bin</c> … <c>data_batch_5.bin</c>, <c>test_batch.bin</c>; each record is 1 label byte then
/// 3,072 pixel bytes: the 32×32 red plane, then green, then blue) or the <b>python version</b> (pickles
/// <c>data_batch_1</c> … <c>test_batch</c>, see <see cref="CifarPickle"/>). Pooled order: the five training
/// batches, then the test batch (60,000 images). The folder may hold the files directly or in
/// <c>cifar-10-batches-bin/</c> / <c>cifar-10-batches-py/</c>.
/// </summary>
internal static class CifarReader
{
    /// <summary>Class names in label order (the official <c>batches.meta.txt</c>).</summary>
    public static readonly IReadOnlyList<string> ClassNames =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>Image side (32) and bytes per image (3 × 32 × 32).</summary>
    public const int Side = 32, ImageBytes = 3 * Side * Side;

    static readonly string[] Batches = ["data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch"];

    public static DatasetContent Read(string root)
    {
        foreach (var folder in new[] { root, Path.Combine(root, "cifar-10-batches-bin") })
            if (File.Exists(Path.Combine(folder, "data_batch_1.bin"))) return ReadBatches(folder, ".bin", ReadBinaryBatch);
        foreach (var folder in new[] { root, Path.Combine(root, "cifar-10-batches-py") })
            if (File.Exists(Path.Combine(folder, "data_batch_1"))) return ReadBatches(folder, "", CifarPickle.ReadBatch);
        throw InvalidInputException.At(root, null, "no CIFAR-10 batches found (data_batch_1.bin for the binary version, data_batch_1 for the python version)");
    }

    static DatasetContent ReadBatches(string folder, string extension, Func<string, (byte[] Pixels, byte[] Labels)> readBatch)
    {
        var pixels = new List<byte[]>();
        var labels = new List<int>();
        var ranges = new RecordRanges();
        foreach (var batch in Batches)
        {
            string path = Path.Combine(folder, batch + extension);
            if (!File.Exists(path)) throw InvalidInputException.At(path, null, "CIFAR-10 batch file is missing");
            var (batchPixels, batchLabels) = readBatch(path);
            for (int r = 0; r < batchLabels.Length; r++)
                if (batchLabels[r] >= ClassNames.Count)
                    throw InvalidInputException.At(path, $"record {r}", $"label {batchLabels[r]} outside 0..{ClassNames.Count - 1}");
            pixels.Add(batchPixels);
            labels.AddRange(batchLabels.Select(l => (int)l));
            ranges.Add(Path.GetFileName(path), batchLabels.Length);
        }
        var source = new RawPixelSource(RecordRanges.Concatenate(pixels), labels.Count, Side, Side, 3, ranges.Describe);
        return new DatasetContent(ClassNames, LabelMatrix.FromClassIds(labels, ClassNames.Count), source);
    }

    /// <summary>One binary batch: records of 1 label byte + 3,072 pixel bytes; the length must be a whole number of records.</summary>
    internal static (byte[] Pixels, byte[] Labels) ReadBinaryBatch(string path)
    {
        var bytes = Dsch.IO.InputFile.ReadAllBytes(path, CifarPickle.MaxBatchBytes, "CIFAR-10 batch");
        const int record = 1 + ImageBytes;
        if (bytes.Length == 0) throw InvalidInputException.At(path, null, "empty CIFAR-10 batch file");
        if (bytes.Length % record != 0)
            throw InvalidInputException.At(path, $"record {bytes.Length / record}",
                $"truncated: {bytes.Length % record} of {record} bytes (file length {bytes.Length} is not a multiple of {record})");
        int n = bytes.Length / record;
        var pixels = new byte[n * ImageBytes];
        var labels = new byte[n];
        for (int r = 0; r < n; r++)
        {
            labels[r] = bytes[r * record];
            Buffer.BlockCopy(bytes, r * record + 1, pixels, r * ImageBytes, ImageBytes);
        }
        return (pixels, labels);
    }
}
