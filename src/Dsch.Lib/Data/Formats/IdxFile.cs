using System.Buffers.Binary;
using System.IO.Compression;

namespace Dsch.Data.Formats;

/// <summary>
/// Reads IDX files (LeCun's MNIST format, used by Fashion-MNIST), gzip-compressed or plain: a big-endian
/// magic <c>0x0000 08 D</c> (unsigned bytes, D dimensions), D big-endian int32 sizes, then the bytes.
/// </summary>
internal static class IdxFile
{
    /// <summary>The sizes and raw bytes of one IDX file of unsigned bytes.</summary>
    public sealed record Content(int[] Shape, byte[] Data)
    {
        /// <summary>Bytes per record (product of all sizes but the first).</summary>
        public int RecordSize => Shape.Skip(1).Aggregate(1, (a, b) => a * b);
    }

    /// <summary>Reads <paramref name="path"/>, requiring <paramref name="dimensions"/> dimensions; throws <see cref="InvalidInputException"/> naming the file and record.</summary>
    public static Content Read(string path, int dimensions)
    {
        using var file = Dsch.IO.InputFile.OpenRead(path, "IDX file");
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        try
        {
            return ReadBody(stream, path, dimensions);
        }
        catch (InvalidDataException e)
        {
            throw InvalidInputException.At(path, null, $"corrupt gzip stream ({e.Message})");
        }
    }

    static Content ReadBody(Stream stream, string path, int dimensions)
    {
        var header = new byte[4 + 4 * dimensions];
        int got = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (got < header.Length) throw InvalidInputException.At(path, "header", $"truncated: {got} of {header.Length} header bytes");
        uint magic = BinaryPrimitives.ReadUInt32BigEndian(header);
        uint expected = 0x0800u | (uint)dimensions;
        if (magic != expected)
            throw InvalidInputException.At(path, "byte 0", $"wrong magic number 0x{magic:X8} (expected 0x{expected:X8}: unsigned bytes, {dimensions} dimensions)");
        var shape = new int[dimensions];
        for (int d = 0; d < dimensions; d++)
        {
            shape[d] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 + 4 * d));
            if (shape[d] <= 0 || shape[d] > (d == 0 ? 10_000_000 : 4096))
                throw InvalidInputException.At(path, $"byte {4 + 4 * d}", $"implausible size {shape[d]} of dimension {d}");
        }
        var content = new Content(shape, []);
        long total = (long)shape[0] * content.RecordSize;
        if (total > int.MaxValue) throw InvalidInputException.At(path, "header", $"declares {total} bytes, too large");
        // Grown as bytes arrive, not allocated from the header: a 1 KB gzip file may declare 2 GB.
        var buffer = new MemoryStream();
        var chunk = new byte[1 << 20];
        int chunkRead;
        while (buffer.Length < total && (chunkRead = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, total - buffer.Length))) > 0)
            buffer.Write(chunk, 0, chunkRead);
        var data = buffer.Length == total ? buffer.GetBuffer().AsSpan(0, (int)total).ToArray() : [];
        int read = (int)buffer.Length;
        if (read < total)
            throw InvalidInputException.At(path, $"record {read / content.RecordSize}",
                $"truncated: header declares {shape[0]} records of {content.RecordSize} bytes, file ends after {read} data bytes");
        if (stream.ReadByte() >= 0) throw InvalidInputException.At(path, $"byte {header.Length + total}", "unexpected bytes after the last record");
        return content with { Data = data };
    }
}
