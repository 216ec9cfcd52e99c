using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Dsch.IO;

namespace Dsch.Data;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files (format versions 1.0, 2.0 and 3.0; C order; little endian;
/// <c>&lt;f4 &lt;f8 |i1 &lt;i4 &lt;i8 |u1 |b1</c>) — the exchange format with Python tooling.
/// </summary>
/// <remarks>
/// Every malformed input (bad magic, unknown version, unparsable header, big-endian or Fortran-order
/// data, an unsupported dtype, a truncated or over-long body) is an <see cref="InvalidInputException"/>
/// naming the file and byte offset. Writes are atomic (temporary file, then rename).
/// </remarks>
public static partial class NpyFile
{
    static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a whole <c>.npy</c> file.</summary>
    public static NpyArray Read(string path)
    {
        using var stream = InputFile.OpenRead(path, ".npy file");
        return Read(stream, path);
    }

    /// <summary>Reads a <c>.npy</c> array from <paramref name="stream"/>; <paramref name="name"/> is used in errors.</summary>
    public static NpyArray Read(Stream stream, string name)
    {
        var preamble = ReadExactly(stream, 8, name, 0, "the 8-byte preamble");
        if (!preamble.AsSpan(0, 6).SequenceEqual(Magic))
            throw InvalidInputException.At(name, "byte 0", "not a .npy file (bad magic number)");
        int major = preamble[6];
        int headerLengthSize = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw InvalidInputException.At(name, "byte 6", $"unsupported .npy format version {major}.{preamble[7]}"),
        };
        var lengthBytes = ReadExactly(stream, headerLengthSize, name, 8, "the header length");
        long headerLength = headerLengthSize == 2 ? BitConverter.ToUInt16(lengthBytes) : BitConverter.ToUInt32(lengthBytes);
        if (headerLength > 1 << 20) throw InvalidInputException.At(name, "byte 8", $"header length {headerLength} is implausible");
        long headerStart = 8 + headerLengthSize;
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(
            ReadExactly(stream, (int)headerLength, name, headerStart, "the header"));

        var (type, shape) = ParseHeader(header, name, headerStart);
        var array = new NpyArray(type, shape, Array.Empty<byte>());
        long length = CheckedSize(shape, ElementSize(type), name, headerStart, out long bytes);
        if (stream.CanSeek && stream.Length - stream.Position != bytes)
            throw InvalidInputException.At(name, $"byte {headerStart + headerLength}",
                $"data holds {stream.Length - stream.Position} bytes but shape ({string.Join(", ", shape)}) of {type} needs {bytes}" +
                (stream.Length - stream.Position < bytes ? " (truncated file)" : ""));
        if (bytes > Array.MaxLength) throw InvalidInputException.At(name, null, $"array of {bytes} bytes is too large to load");
        var raw = ReadExactly(stream, (int)bytes, name, headerStart + headerLength, "the data");
        return array with { Data = Decode(type, raw, (int)length) };
    }

    /// <summary>Writes <paramref name="array"/> as a version-1.0 <c>.npy</c> file (atomically).</summary>
    public static void Write(string path, NpyArray array)
    {
        if (array.Length != array.Data.Length)
            throw new ArgumentException($"shape holds {array.Length} elements, data has {array.Data.Length}");
        AtomicFile.Write(path, stream => Write(stream, array));
    }

    /// <summary>Writes <paramref name="data"/> with <paramref name="shape"/> to <paramref name="path"/>.</summary>
    public static void Write<T>(string path, T[] data, params int[] shape) where T : unmanaged =>
        Write(path, NpyArray.Create(data, shape));

    /// <summary>Writes <paramref name="array"/> to <paramref name="stream"/> in format version 1.0.</summary>
    public static void Write(Stream stream, NpyArray array)
    {
        var shape = array.Shape.Length == 1 ? $"({array.Shape[0]},)" : $"({string.Join(", ", array.Shape)})";
        var dictionary = $"{{'descr': '{Descriptor(array.Type)}', 'fortran_order': False, 'shape': {shape}, }}";
        int unpadded = 10 + dictionary.Length + 1; // preamble + 2-byte length + dict + '\n'
        int padding = (64 - unpadded % 64) % 64;
        var header = dictionary + new string(' ', padding) + "\n";
        stream.Write(Magic);
        stream.Write([1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)header.Length));
        stream.Write(Encoding.Latin1.GetBytes(header));
        stream.Write(Encode(array.Data));
    }

    internal static NpyType TypeOf(Type type) => type switch
    {
        _ when type == typeof(float) => NpyType.Float32,
        _ when type == typeof(double) => NpyType.Float64,
        _ when type == typeof(sbyte) => NpyType.Int8,
        _ when type == typeof(int) => NpyType.Int32,
        _ when type == typeof(long) => NpyType.Int64,
        _ when type == typeof(byte) => NpyType.UInt8,
        _ when type == typeof(bool) => NpyType.Bool,
        _ => throw new ArgumentException($"{type} has no .npy element type here"),
    };

    static string Descriptor(NpyType type) => type switch
    {
        NpyType.Float32 => "<f4", NpyType.Float64 => "<f8", NpyType.Int8 => "|i1", NpyType.Int32 => "<i4",
        NpyType.Int64 => "<i8", NpyType.UInt8 => "|u1", _ => "|b1",
    };

    static int ElementSize(NpyType type) => type switch
    {
        NpyType.Float64 or NpyType.Int64 => 8,
        NpyType.Float32 or NpyType.Int32 => 4,
        _ => 1,
    };

    static (NpyType, int[]) ParseHeader(string header, string name, long offset)
    {
        var descr = DescrPattern().Match(header);
        var order = OrderPattern().Match(header);
        var shape = ShapePattern().Match(header);
        if (!descr.Success || !order.Success || !shape.Success)
            throw InvalidInputException.At(name, $"byte {offset}", $"unparsable .npy header: {PathText.Quote(header.Trim())}");
        if (order.Groups[1].Value == "True")
            throw InvalidInputException.At(name, $"byte {offset}", "Fortran-order arrays are not supported (save with np.ascontiguousarray)");

        var code = descr.Groups[1].Value;
        NpyType type = code switch
        {
            "<f4" => NpyType.Float32, "<f8" => NpyType.Float64,
            "|i1" or "<i1" or "i1" => NpyType.Int8,
            "<i4" => NpyType.Int32, "<i8" => NpyType.Int64,
            "|u1" or "<u1" or "u1" => NpyType.UInt8,
            "|b1" or "<b1" or "b1" or "?" => NpyType.Bool,
            _ when code.StartsWith('>') => throw InvalidInputException.At(name, $"byte {offset}", $"big-endian dtype '{code}' is not supported"),
            _ => throw InvalidInputException.At(name, $"byte {offset}", $"unsupported dtype '{code}' (supported: float32/64, int8/32/64, uint8, bool)"),
        };

        var dimensions = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var sizes = new int[dimensions.Length];
        for (int d = 0; d < dimensions.Length; d++)
        {
            var text = dimensions[d].TrimEnd('L');
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out sizes[d]))
                throw InvalidInputException.At(name, $"byte {offset}", $"bad shape entry '{dimensions[d]}'");
        }
        return (type, sizes);
    }

    /// <summary>Elements and bytes of <paramref name="shape"/>, multiplied with overflow checks (a hostile header may declare 2³¹ × 2³¹).</summary>
    static long CheckedSize(int[] shape, int elementSize, string name, long offset, out long bytes)
    {
        try
        {
            long length = 1;
            foreach (int n in shape) length = checked(length * n);
            bytes = checked(length * elementSize);
            return length;
        }
        catch (OverflowException)
        {
            throw InvalidInputException.At(name, $"byte {offset}", $"shape ({string.Join(", ", shape)}) overflows a 64-bit size");
        }
    }

    static Array Decode(NpyType type, byte[] raw, int length)
    {
        switch (type)
        {
            case NpyType.Float32: return MemoryMarshal.Cast<byte, float>(raw).ToArray();
            case NpyType.Float64: return MemoryMarshal.Cast<byte, double>(raw).ToArray();
            case NpyType.Int8: return MemoryMarshal.Cast<byte, sbyte>(raw).ToArray();
            case NpyType.Int32: return MemoryMarshal.Cast<byte, int>(raw).ToArray();
            case NpyType.Int64: return MemoryMarshal.Cast<byte, long>(raw).ToArray();
            case NpyType.UInt8: return raw;
            default:
                var flags = new bool[length];
                for (int i = 0; i < length; i++) flags[i] = raw[i] != 0;
                return flags;
        }
    }

    static byte[] Encode(Array data) => data switch
    {
        float[] f => MemoryMarshal.AsBytes(f.AsSpan()).ToArray(),
        double[] d => MemoryMarshal.AsBytes(d.AsSpan()).ToArray(),
        sbyte[] s => MemoryMarshal.AsBytes(s.AsSpan()).ToArray(),
        int[] i => MemoryMarshal.AsBytes(i.AsSpan()).ToArray(),
        long[] l => MemoryMarshal.AsBytes(l.AsSpan()).ToArray(),
        byte[] b => b,
        bool[] b => Array.ConvertAll(b, v => v ? (byte)1 : (byte)0),
        _ => throw new ArgumentException($"unsupported element array {data.GetType()}"),
    };

    static byte[] ReadExactly(Stream stream, int count, string name, long offset, string what)
    {
        var buffer = new byte[count];
        int read = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        if (read < count)
            throw InvalidInputException.At(name, $"byte {offset + read}", $"file ends inside {what} (truncated)");
        return buffer;
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex OrderPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
