using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Dsch.Tests.Data;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Hostile;

/// <summary>
/// Image bombs past the pixel limit (issue 27, item 11): a small file that declares a modest first frame but makes the
/// decoder allocate far more — many frames on a large GIF canvas, a PNG text chunk that inflates to hundreds of MB, a
/// TIFF whose second page is huge. Each is decoded (first frame only) or refused promptly, within bounded memory.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class ImageBombProbes
{
    /// <summary>Peak resident memory allowed to <c>data info --decode</c> of eight tiny images and one bomb (the CLI alone takes ≈ 250 MB).</summary>
    const long PeakBytes = 1L << 30;

    [Fact]
    public void AnimatedGif_ManyFramesOnALargeCanvas_DecodesTheFirstFrameOnly()
    {
        var (result, peak) = DecodeListWith("bomb.gif", Gif(canvas: 6000, frames: 24));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.True(peak < PeakBytes, $"peak {peak:N0} bytes");
    }

    [Fact]
    public void Png_CompressedTextInflatingToHundredsOfMb_IsDecodedWithoutInflatingIt()
    {
        var (result, peak) = DecodeListWith("bomb.png", PngWithText(SmallPng(), inflatedBytes: 400L << 20));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.True(peak < PeakBytes, $"peak {peak:N0} bytes");
    }

    [Fact]
    public void Png_OversizedMetadataChunk_IsRefusedBeforeDecoding()
    {
        var (result, peak) = DecodeListWith("bomb.png", PngWithText(SmallPng(), inflatedBytes: 1200L << 20));
        HostileInput.AssertRefused(result, "bomb.png", "zTXt");
        Assert.True(peak < PeakBytes, $"peak {peak:N0} bytes");
    }

    [Fact]
    public void Tiff_HugeSecondPage_DecodesTheFirstPageOnly()
    {
        var (result, peak) = DecodeListWith("bomb.tif", TwoPageTiff(secondSide: 20_000));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.True(peak < PeakBytes, $"peak {peak:N0} bytes");
    }

    /// <summary><c>data info --decode</c> of an image list whose first database image is <paramref name="bytes"/>, with the CLI's peak resident memory.</summary>
    static (CliResult Result, long PeakBytes) DecodeListWith(string name, byte[] bytes)
    {
        using var data = new TempDirectory();
        HostileInput.WriteImageList(data.Path);
        File.WriteAllBytes(data.File("img/" + name), bytes);
        HostileInput.ReplaceLine(data.File("database.txt"), 0, $"img/{name} 1 0 0");
        return RunMeasured("data", "info", "--dataset", "imagelist", "--root", data.Path, "--decode");
    }

    /// <summary>Runs the CLI as <see cref="CliProcess"/> does and samples its peak resident set (VmHWM) until it exits.</summary>
    static (CliResult, long) RunMeasured(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = CliProcess.RepositoryRoot };
        start.ArgumentList.Add(CliProcess.CliPath);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DSCH_ROOT"] = CliProcess.RepositoryRoot;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        var deadline = DateTime.UtcNow + HostileInput.Prompt;
        while (!process.WaitForExit(20))
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                        peak = Math.Max(peak, long.Parse(line[6..].Trim().Split(' ')[0]) * 1024);
            }
            catch (IOException) { }                                            // exited between the wait and the read
            if (DateTime.UtcNow > deadline || peak > 4 * PeakBytes)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"dsch {string.Join(' ', arguments)}: killed after {peak:N0} bytes resident (limit {PeakBytes:N0}) or past {HostileInput.Prompt}");
            }
        }
        return (new CliResult(process.ExitCode, stdout.Result, stderr.Result), peak);
    }

    /// <summary>A GIF89a of <paramref name="frames"/> 1×1 frames on a <paramref name="canvas"/>² logical screen (≈ 21 bytes a frame).</summary>
    static byte[] Gif(int canvas, int frames)
    {
        var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        gif.Write(BitConverter.GetBytes((ushort)canvas));
        gif.Write(BitConverter.GetBytes((ushort)canvas));
        gif.Write([0x00, 0x00, 0x00]);                                         // no global colour table
        for (int f = 0; f < frames; f++)
        {
            gif.Write([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0x80]);                   // 1×1 at the origin, 2-colour local table
            gif.Write([0, 0, 0, 255, 255, 255]);
            gif.Write([0x02, 0x02, 0x44, 0x01, 0x00]);                         // LZW: clear, index 0, end
        }
        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    static byte[] SmallPng()
    {
        using var folder = new TempDirectory();
        DataFixtures.WritePng(folder.File("small.png"), 1);
        return File.ReadAllBytes(folder.File("small.png"));
    }

    /// <summary><paramref name="png"/> with a zTXt chunk, before IEND, whose text inflates to <paramref name="inflatedBytes"/> zero bytes.</summary>
    static byte[] PngWithText(byte[] png, long inflatedBytes)
    {
        var body = new MemoryStream();
        body.Write("zTXtComment\0\0"u8);                                       // type, keyword, NUL, compression method 0
        using (var zlib = new ZLibStream(body, CompressionLevel.Optimal, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (long written = 0; written < inflatedBytes; written += zeros.Length) zlib.Write(zeros);
        }
        var typeAndData = body.ToArray();
        var chunk = new byte[4 + typeAndData.Length + 4];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)(typeAndData.Length - 4));
        typeAndData.CopyTo(chunk, 4);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(chunk.Length - 4), Crc32(typeAndData));
        return [.. png[..^12], .. chunk, .. png[^12..]];
    }

    /// <summary>A little-endian TIFF: page 1 is 1×1 grey, page 2 declares <paramref name="secondSide"/>² grey pixels (its strip is missing).</summary>
    static byte[] TwoPageTiff(int secondSide)
    {
        const int firstIfd = 8, secondIfd = firstIfd + 2 + 9 * 12 + 4, pixels = secondIfd + 2 + 9 * 12 + 4;
        var tiff = new byte[pixels + 1];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), firstIfd);
        WriteIfd(tiff, firstIfd, 1, pixels, next: secondIfd);
        WriteIfd(tiff, secondIfd, secondSide, pixels, next: 0);
        tiff[pixels] = 128;
        return tiff;
    }

    static void WriteIfd(byte[] tiff, int at, int side, int stripOffset, int next)
    {
        (ushort Tag, ushort Type, uint Value)[] entries =
        [
            (256, 4, (uint)side), (257, 4, (uint)side), (258, 3, 8), (259, 3, 1), (262, 3, 1),
            (273, 4, (uint)stripOffset), (277, 3, 1), (278, 4, (uint)side), (279, 4, (uint)side * (uint)side),
        ];
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), (ushort)entries.Length);
        for (int e = 0; e < entries.Length; e++)
        {
            var entry = tiff.AsSpan(at + 2 + e * 12);
            BinaryPrimitives.WriteUInt16LittleEndian(entry, entries[e].Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], entries[e].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], 1);
            if (entries[e].Type == 3) BinaryPrimitives.WriteUInt16LittleEndian(entry[8..], (ushort)entries[e].Value);
            else BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], entries[e].Value);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 2 + entries.Length * 12), (uint)next);
    }

    /// <summary>CRC-32 of PNG chunks (ISO 3309, polynomial 0xEDB88320), over the chunk type and data.</summary>
    static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
