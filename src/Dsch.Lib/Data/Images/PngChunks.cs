using System.Buffers.Binary;

namespace Dsch.Data.Images;

/// <summary>
/// A walk over a PNG's chunk headers (length, type; the data is skipped, never read) before any decoder sees the file:
/// a chunk whose declared length runs past the end of the file, or a metadata chunk larger than the limit, is refused —
/// a small file whose compressed text chunk inflates to hundreds of MB is rejected from its header alone.
/// </summary>
internal static class PngChunks
{
    static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Chunks that carry metadata only (text, ICC profile, EXIF): none is needed to decode the pixels.</summary>
    static readonly HashSet<string> Metadata = ["tEXt", "zTXt", "iTXt", "iCCP", "eXIf"];

    /// <summary>Refuses <paramref name="stream"/> when it is a PNG with an overrunning or oversized chunk; other formats pass.</summary>
    public static void Require(Stream stream, string path, string? position, int maxMetadataBytes)
    {
        var header = new byte[8];
        stream.Position = 0;
        if (stream.ReadAtLeast(header, 8, throwOnEndOfStream: false) < 8 || !header.AsSpan().SequenceEqual(Signature)) return;
        long offset = 8, length = stream.Length;
        while (offset + 8 <= length)
        {
            stream.Position = offset;
            stream.ReadExactly(header);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            string type = System.Text.Encoding.Latin1.GetString(header, 4, 4);
            string printable = PathText.Quote(type);
            if (size > int.MaxValue || offset + 12 + size > length)
                throw InvalidInputException.At(path, position, $"truncated PNG (chunk '{printable}' at byte {offset} declares {size:N0} bytes, past the end of the file of {length:N0} bytes)");
            if (Metadata.Contains(type) && size > maxMetadataBytes)
                throw InvalidInputException.At(path, position, $"PNG metadata chunk '{printable}' at byte {offset} holds {size:N0} bytes, beyond the limit of {maxMetadataBytes:N0}; refusing to decode");
            if (type == "IEND") return;
            offset += 12 + size;
        }
    }
}
