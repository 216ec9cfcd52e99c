using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Tests.Data;

/// <summary>Writes tiny datasets in the real on-disk formats (IDX gzip, CIFAR-10 binary and python pickles, image lists, MIRFLICKR layout).</summary>
static class DataFixtures
{
    /// <summary>Pixel k of image i of a synthetic set: deterministic, different per image.</summary>
    public static byte Pixel(int image, int k) => (byte)((image * 31 + k * 7) % 256);

    /// <summary>An IDX file of unsigned bytes (magic 0x0800 | dims), gzip-compressed when the name ends in .gz.</summary>
    public static void WriteIdx(string path, int[] shape, byte[] data, uint? magic = null)
    {
        using var buffer = new MemoryStream();
        var word = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, magic ?? (0x0800u | (uint)shape.Length));
        buffer.Write(word);
        foreach (int size in shape)
        {
            BinaryPrimitives.WriteInt32BigEndian(word, size);
            buffer.Write(word);
        }
        buffer.Write(data);
        using var file = File.Create(path);
        if (path.EndsWith(".gz"))
        {
            using var gzip = new GZipStream(file, CompressionLevel.Fastest);
            gzip.Write(buffer.ToArray());
        }
        else file.Write(buffer.ToArray());
    }

    /// <summary>Fashion-MNIST-shaped IDX files: <paramref name="train"/> + <paramref name="test"/> images of 28×28, label = index mod 10.</summary>
    public static void WriteFashionMnist(string folder, int train, int test)
    {
        foreach (var (part, n, offset) in new[] { ("train", train, 0), ("t10k", test, train) })
        {
            var pixels = new byte[n * 784];
            for (int i = 0; i < n; i++)
                for (int k = 0; k < 784; k++) pixels[i * 784 + k] = Pixel(offset + i, k);
            WriteIdx(Path.Combine(folder, $"{part}-images-idx3-ubyte.gz"), [n, 28, 28], pixels);
            WriteIdx(Path.Combine(folder, $"{part}-labels-idx1-ubyte.gz"), [n], Enumerable.Range(offset, n).Select(i => (byte)(i % 10)).ToArray());
        }
    }

    /// <summary>CIFAR-10 binary batches (1 label byte + 3,072 pixel bytes per record), <paramref name="perBatch"/> records each; label = pooled index mod 10.</summary>
    public static void WriteCifarBinary(string folder, int perBatch)
    {
        string[] batches = ["data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch"];
        for (int b = 0; b < batches.Length; b++)
        {
            var bytes = new byte[perBatch * 3073];
            for (int r = 0; r < perBatch; r++)
            {
                int i = b * perBatch + r;
                bytes[r * 3073] = (byte)(i % 10);
                for (int k = 0; k < 3072; k++) bytes[r * 3073 + 1 + k] = Pixel(i, k);
            }
            File.WriteAllBytes(Path.Combine(folder, batches[b] + ".bin"), bytes);
        }
    }

    /// <summary>CIFAR-10 python batches with the same content as <see cref="WriteCifarBinary"/>, pickled as Python 2's cPickle does.</summary>
    public static void WriteCifarPython(string folder, int perBatch)
    {
        string[] batches = ["data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch"];
        for (int b = 0; b < batches.Length; b++)
        {
            var pixels = new byte[perBatch * 3072];
            var labels = new int[perBatch];
            for (int r = 0; r < perBatch; r++)
            {
                int i = b * perBatch + r;
                labels[r] = i % 10;
                for (int k = 0; k < 3072; k++) pixels[r * 3072 + k] = Pixel(i, k);
            }
            File.WriteAllBytes(Path.Combine(folder, batches[b]), Python2Batch(pixels, perBatch, 3072, labels));
        }
    }

    /// <summary>
    /// The opcodes Python 2's <c>cPickle.dump(dict, f, 2)</c> writes for a CIFAR batch: a dict with <c>batch_label</c>,
    /// <c>labels</c> (list of ints), <c>data</c> (numpy uint8 array via <c>_reconstruct</c> + BUILD with a byte string)
    /// and <c>filenames</c>.
    /// </summary>
    public static byte[] Python2Batch(byte[] pixels, int rows, int columns, int[] labels)
    {
        var p = new MemoryStream();
        void Op(params byte[] bytes) => p.Write(bytes);
        void Str(string s) { var b = Encoding.Latin1.GetBytes(s); if (b.Length < 256) { Op((byte)'U', (byte)b.Length); } else { Op((byte)'T'); Int32(b.Length); } p.Write(b); }
        void Int32(int v) { var w = new byte[4]; BinaryPrimitives.WriteInt32LittleEndian(w, v); p.Write(w); }
        void Int(int v) { if (v is >= 0 and < 256) Op((byte)'K', (byte)v); else if (v is >= 0 and < 65536) Op((byte)'M', (byte)v, (byte)(v >> 8)); else { Op((byte)'J'); Int32(v); } }
        void Global(string module, string name) { Op((byte)'c'); p.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n")); }
        Op(0x80, 2, (byte)'}', (byte)'q', 1, (byte)'(');
        Str("batch_label"); Str("training batch 1 of 5");
        Str("labels"); Op((byte)']', (byte)'q', 2, (byte)'('); foreach (int l in labels) Int(l); Op((byte)'e');
        Str("data");
        Global("numpy.core.multiarray", "_reconstruct"); Global("numpy", "ndarray"); Int(0); Op(0x85); Str("b"); Op(0x87, (byte)'R', (byte)'q', 3);
        Op((byte)'('); Int(1); Int(rows); Int(columns); Op(0x86);
        Global("numpy", "dtype"); Str("u1"); Int(0); Int(1); Op(0x87, (byte)'R');
        Op((byte)'('); Int(3); Str("|"); Op((byte)'N', (byte)'N', (byte)'N'); Int(-1); Int(-1); Int(0); Op((byte)'t', (byte)'b');
        Op(0x89); Op((byte)'T'); Int32(pixels.Length); p.Write(pixels); Op((byte)'t', (byte)'b');
        Str("filenames"); Op((byte)']', (byte)'('); for (int r = 0; r < rows; r++) Str($"image_{r}.png"); Op((byte)'e');
        Op((byte)'u', (byte)'.');
        return p.ToArray();
    }

    /// <summary>A small RGB PNG whose colour encodes <paramref name="seed"/>.</summary>
    public static void WritePng(string path, int seed, int width = 20, int height = 14)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) image[x, y] = new Rgb24((byte)(seed * 40), (byte)(x * 10), (byte)(y * 15));
        if (path.EndsWith(".jpg")) image.SaveAsJpeg(path); else image.SaveAsPng(path);
    }

    /// <summary>
    /// An image-list folder: <c>database.txt</c> (6 images), <c>test.txt</c> (2), <c>train.txt</c> (3 of the database images),
    /// 3 labels per line, images under <c>img/</c>.
    /// </summary>
    public static void WriteImageList(string folder)
    {
        string[] labels = ["1 0 0", "0 1 0", "0 0 1", "1 1 0", "0 1 1", "1 0 1", "1 0 0", "0 0 1"];
        for (int i = 0; i < labels.Length; i++) WritePng(Path.Combine(folder, "img", $"{i}.png"), i);
        File.WriteAllLines(Path.Combine(folder, "database.txt"), Enumerable.Range(0, 6).Select(i => $"img/{i}.png {labels[i]}"));
        File.WriteAllLines(Path.Combine(folder, "test.txt"), Enumerable.Range(6, 2).Select(i => $"img/{i}.png {labels[i]}"));
        File.WriteAllLines(Path.Combine(folder, "train.txt"), new[] { 1, 3, 5 }.Select(i => $"img/{i}.png {labels[i]}"));
    }

    /// <summary>A 24-byte BMP header (plus palette-free 24-bit info header) declaring <paramref name="width"/>×<paramref name="height"/>, with almost no pixel data.</summary>
    public static byte[] BmpDeclaring(int width, int height)
    {
        var bmp = new byte[54 + 16];
        bmp[0] = (byte)'B'; bmp[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        return bmp;
    }
}
