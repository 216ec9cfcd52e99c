using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Data.Images;

/// <summary>
/// Decodes untrusted image files with limits — the one image-decoding guard of the library. The header is read first
/// (<see cref="Image.Identify(Configuration, Stream)"/>) and images whose declared size exceeds <see cref="MaxSide"/> or
/// <see cref="MaxPixels"/> are refused before any pixel buffer is allocated. Only the first frame of an animated GIF
/// and the first page of a TIFF are decoded (later frames or pages on a huge canvas are never allocated), metadata is
/// not decoded (a compressed PNG text chunk is never inflated), and a PNG whose chunks overrun the file or carry more
/// than <see cref="MaxMetadataBytes"/> of metadata is refused before the decoder sees it.
/// </summary>
/// <remarks>[decision] The limits are far above any hashing benchmark image (MIRFLICKR/NUS-WIDE are ≤ 500 px a side,
/// a single frame each); the image a hashing dataset means is the first frame.</remarks>
internal static class SafeImageFile
{
    /// <summary>Largest width or height accepted.</summary>
    public const int MaxSide = 16_384;

    /// <summary>Largest width × height accepted (≈ 120 MB as RGB).</summary>
    public const long MaxPixels = 40_000_000;

    /// <summary>Largest PNG metadata chunk (text, ICC profile, EXIF) accepted, as stored (compressed).</summary>
    public const int MaxMetadataBytes = 1 << 20;

    static readonly Configuration Decoding = CreateConfiguration();

    static Configuration CreateConfiguration()
    {
        var configuration = Configuration.Default.Clone();
        configuration.PreferContiguousImageBuffers = false;
        var formats = configuration.ImageFormatsManager;
        formats.SetDecoder(SixLabors.ImageSharp.Formats.Gif.GifFormat.Instance,
            new SixLabors.ImageSharp.Formats.Gif.GifDecoder { DecodingMode = SixLabors.ImageSharp.Metadata.FrameDecodingMode.First, MaxFrames = 1, IgnoreMetadata = true });
        formats.SetDecoder(SixLabors.ImageSharp.Formats.Tiff.TiffFormat.Instance,
            new SixLabors.ImageSharp.Formats.Tiff.TiffDecoder { DecodingMode = SixLabors.ImageSharp.Metadata.FrameDecodingMode.First, IgnoreMetadata = true });
        formats.SetDecoder(SixLabors.ImageSharp.Formats.Png.PngFormat.Instance, new SixLabors.ImageSharp.Formats.Png.PngDecoder { IgnoreMetadata = true });
        return configuration;
    }

    /// <summary>Checks that <paramref name="path"/> exists, is a known format and declares an acceptable size; returns (width, height).</summary>
    public static (int Width, int Height) Identify(string path, string? position)
    {
        using var stream = Open(path, position);
        PngChunks.Require(stream, path, position, MaxMetadataBytes);
        stream.Position = 0;
        return IdentifyOpen(stream, path, position);
    }

    /// <summary>Decodes <paramref name="path"/> as RGB after the checks of <see cref="Identify"/>.</summary>
    public static Image<Rgb24> Load(string path, string? position)
    {
        using var stream = Open(path, position);
        PngChunks.Require(stream, path, position, MaxMetadataBytes);
        stream.Position = 0;
        IdentifyOpen(stream, path, position);
        RequireComplete(stream, path, position);
        stream.Position = 0;
        try
        {
            return Image.Load<Rgb24>(Decoding, stream);
        }
        catch (Exception e) when (e is ImageFormatException or UnknownImageFormatException or NotSupportedException or InvalidDataException or IndexOutOfRangeException or ArgumentException or InvalidOperationException)
        {
            throw InvalidInputException.At(path, position, $"cannot decode the image ({e.Message})");
        }
    }

    static FileStream Open(string path, string? position)
    {
        Dsch.IO.InputFile.RequireRegular(path, position is null ? "image file" : $"image file ({position})");
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    static readonly byte[] JpegEnd = [0xFF, 0xD9];
    static readonly byte[] PngEnd = [0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82];

    /// <summary>
    /// Refuses a JPEG without its end-of-image marker (FF D9) near its end, or a PNG without its IEND chunk at its end: the
    /// decoders fill a truncated image with grey and report no error, so a cut download would train silently.
    /// </summary>
    /// <remarks>[decision] A JPEG may carry up to 4 KB after its marker (some cameras and editors append data); a PNG may
    /// end in zero padding only.</remarks>
    static void RequireComplete(FileStream stream, string path, string? position)
    {
        long length = stream.Length;
        var head = new byte[8];
        stream.Position = 0;
        if (stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length) return;
        var tail = new byte[(int)Math.Min(length, 4096)];
        stream.Position = length - tail.Length;
        stream.ReadExactly(tail);
        int end = tail.Length;
        while (end > 0 && tail[end - 1] == 0) end--;
        if (head[0] == 0xFF && head[1] == 0xD8)
        {
            // Entropy-coded data never holds FF D9 (FF is byte-stuffed), so the marker in the last 4 KB means the image ended.
            if (tail.AsSpan().LastIndexOf(JpegEnd) < 0)
                throw InvalidInputException.At(path, position, "truncated JPEG (no end-of-image marker FF D9 in its last 4 KB)");
        }
        else if (head[0] == 0x89 && head[1] == (byte)'P' && head[2] == (byte)'N' && head[3] == (byte)'G')
        {
            if (end < PngEnd.Length || !tail.AsSpan(end - PngEnd.Length).SequenceEqual(PngEnd))
                throw InvalidInputException.At(path, position, "truncated PNG (no IEND chunk at the end of the file)");
        }
    }

    static (int, int) IdentifyOpen(Stream stream, string path, string? position)
    {
        IImageInfo? info;
        try
        {
            info = Image.Identify(Decoding, stream);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidDataException or IndexOutOfRangeException or ArgumentException or InvalidOperationException)
        {
            throw InvalidInputException.At(path, position, $"cannot read the image header ({e.Message})");
        }
        if (info is null) throw InvalidInputException.At(path, position, "not an image in a known format (JPEG, PNG, BMP, GIF, TGA, WebP, TIFF, PBM)");
        if (info.Width <= 0 || info.Height <= 0 || info.Width > MaxSide || info.Height > MaxSide || (long)info.Width * info.Height > MaxPixels)
            throw InvalidInputException.At(path, position,
                $"image declares {info.Width}×{info.Height} pixels, beyond the limit ({MaxSide} a side, {MaxPixels:N0} pixels); refusing to decode");
        return (info.Width, info.Height);
    }
}
