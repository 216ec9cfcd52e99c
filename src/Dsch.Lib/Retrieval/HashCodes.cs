using System.Numerics;
using TorchSharp;

namespace Dsch.Retrieval;

/// <summary>
/// <see cref="Count"/> binary codes of <see cref="Bits"/> bits (L in the paper), packed 64 bits per
/// <c>ulong</c> word: bit <c>b</c> of code <c>i</c> is bit <c>b % 64</c> of word <c>i·WordsPerCode + b / 64</c>,
/// set when the continuous value is ≥ 0. Padding bits of the last word are always 0, so the Hamming
/// distance is popcount(XOR) over the words.
/// </summary>
/// <remarks>
/// Protocol (docs/protocol.md, "Metrics"): codes are <c>sign(h)</c> with <c>sign(0) = +1</c>; a set bit stands for +1,
/// a clear bit for −1. NaN is rejected rather than given a sign.
/// </remarks>
public sealed class HashCodes
{
    readonly ulong[] _words;

    HashCodes(int count, int bits, ulong[] words)
    {
        Count = count;
        Bits = bits;
        WordsPerCode = WordsFor(bits);
        _words = words;
    }

    /// <summary>Number of codes (rows).</summary>
    public int Count { get; }

    /// <summary>Code length L in bits.</summary>
    public int Bits { get; }

    /// <summary>Words per code, ⌈L / 64⌉.</summary>
    public int WordsPerCode { get; }

    /// <summary>All packed words, code after code (read-only view). Length = Count · WordsPerCode.</summary>
    public ReadOnlySpan<ulong> Words => _words;

    /// <summary>The packed words of code <paramref name="index"/>.</summary>
    public ReadOnlySpan<ulong> Code(int index) => _words.AsSpan(index * WordsPerCode, WordsPerCode);

    /// <summary>Largest supported code length; distances are held in 16-bit counters by the ranking.</summary>
    public const int MaxBits = 16_384;

    /// <summary>Words needed for <paramref name="bits"/> bits.</summary>
    public static int WordsFor(int bits) => (bits + 63) / 64;

    /// <summary>Codes from a row-major (rows, bits) array of continuous values: bit = value ≥ 0.</summary>
    /// <exception cref="ArgumentException">Shape mismatch or a NaN value (message gives row and column).</exception>
    public static HashCodes From(ReadOnlySpan<float> rowMajor, int rows, int bits)
    {
        CheckShape(rowMajor.Length, rows, bits);
        int w = WordsFor(bits);
        var words = new ulong[(long)rows * w];
        for (int i = 0; i < rows; i++)
        {
            var row = rowMajor.Slice(i * bits, bits); // (L)
            for (int b = 0; b < bits; b++)
            {
                float h = row[b];
                if (float.IsNaN(h)) throw new ArgumentException($"NaN at row {i}, column {b}");
                if (h >= 0f) words[i * w + (b >> 6)] |= 1UL << (b & 63);
            }
        }
        return new HashCodes(rows, bits, words);
    }

    /// <summary>Double-precision form of <see cref="From(ReadOnlySpan{float}, int, int)"/>.</summary>
    public static HashCodes From(ReadOnlySpan<double> rowMajor, int rows, int bits)
    {
        CheckShape(rowMajor.Length, rows, bits);
        int w = WordsFor(bits);
        var words = new ulong[(long)rows * w];
        for (int i = 0; i < rows; i++)
            for (int b = 0; b < bits; b++)
            {
                double h = rowMajor[i * bits + b];
                if (double.IsNaN(h)) throw new ArgumentException($"NaN at row {i}, column {b}");
                if (h >= 0) words[i * w + (b >> 6)] |= 1UL << (b & 63);
            }
        return new HashCodes(rows, bits, words);
    }

    /// <summary>Codes from a row-major (rows, bits) array of 0/1 bits (1 = +1).</summary>
    /// <exception cref="ArgumentException">Shape mismatch or a value other than 0/1.</exception>
    public static HashCodes FromBits(ReadOnlySpan<byte> rowMajor, int rows, int bits)
    {
        CheckShape(rowMajor.Length, rows, bits);
        int w = WordsFor(bits);
        var words = new ulong[(long)rows * w];
        for (int i = 0; i < rows; i++)
            for (int b = 0; b < bits; b++)
            {
                byte v = rowMajor[i * bits + b];
                if (v > 1) throw new ArgumentException($"bit value {v} at row {i}, column {b} is not 0/1");
                if (v == 1) words[i * w + (b >> 6)] |= 1UL << (b & 63);
            }
        return new HashCodes(rows, bits, words);
    }

    /// <summary>Codes from a (N, L) tensor of continuous outputs (any device, any floating dtype).</summary>
    public static HashCodes FromTensor(torch.Tensor h)
    {
        if (h.dim() != 2) throw new ArgumentException($"expected a (N, L) tensor, got {h.dim()} dimensions");
        using var scope = torch.NewDisposeScope();
        var cpu = h.detach().to(torch.float32).cpu().contiguous(); // (N, L)
        return From(cpu.data<float>().ToArray(), (int)h.shape[0], (int)h.shape[1]);
    }

    /// <summary>The codes at <paramref name="rows"/>, in that order.</summary>
    public HashCodes Select(IReadOnlyList<int> rows)
    {
        var words = new ulong[rows.Count * WordsPerCode];
        for (int i = 0; i < rows.Count; i++) Code(rows[i]).CopyTo(words.AsSpan(i * WordsPerCode, WordsPerCode));
        return new HashCodes(rows.Count, Bits, words);
    }

    /// <summary>Hamming distance between code <paramref name="i"/> here and code <paramref name="j"/> of <paramref name="other"/>.</summary>
    public int Distance(int i, HashCodes other, int j)
    {
        if (other.Bits != Bits) throw new ArgumentException($"code lengths differ: {Bits} vs {other.Bits}");
        var a = Code(i);
        var b = other.Code(j);
        int d = 0;
        for (int k = 0; k < a.Length; k++) d += BitOperations.PopCount(a[k] ^ b[k]);
        return d;
    }

    /// <summary>The ±1 values of all codes, row-major (Count, Bits), as <c>sbyte</c>.</summary>
    public sbyte[] ToSigns()
    {
        var signs = new sbyte[(long)Count * Bits];
        for (int i = 0; i < Count; i++)
            for (int b = 0; b < Bits; b++)
                signs[(long)i * Bits + b] = (_words[i * WordsPerCode + (b >> 6)] >> (b & 63) & 1) == 1 ? (sbyte)1 : (sbyte)-1;
        return signs;
    }

    /// <summary>
    /// The codes as bytes in the layout of <c>numpy.packbits(code &gt;= 0, axis=1)</c>, (Count, Bits / 8) row-major: code bit
    /// <c>b</c> is bit <c>7 − b % 8</c> (most significant first) of byte <c>b / 8</c>, 1 for +1. FAISS's binary indexes take
    /// this layout (their Hamming distance is popcount(XOR) over the bytes, so it gives the same distances).
    /// </summary>
    /// <exception cref="ArgumentException"><see cref="Bits"/> is not a multiple of 8 (packbits would pad the last byte).</exception>
    public byte[] ToPackedBytes()
    {
        RequireWholeBytes(Bits);
        int bytesPerCode = Bits / 8;
        var packed = new byte[(long)Count * bytesPerCode];
        for (int i = 0; i < Count; i++)
            for (int b = 0; b < Bits; b++)
                if ((_words[i * WordsPerCode + (b >> 6)] >> (b & 63) & 1) == 1)
                    packed[(long)i * bytesPerCode + (b >> 3)] |= (byte)(0x80 >> (b & 7));
        return packed;
    }

    /// <summary>Codes from <see cref="ToPackedBytes"/>'s layout: <paramref name="rows"/> × <paramref name="bits"/> / 8 bytes.</summary>
    /// <exception cref="ArgumentException">Shape mismatch, or <paramref name="bits"/> not a multiple of 8.</exception>
    public static HashCodes FromPackedBytes(ReadOnlySpan<byte> packed, int rows, int bits)
    {
        CheckShape(0, rows, bits, checkLength: false);
        RequireWholeBytes(bits);
        int bytesPerCode = bits / 8, w = WordsFor(bits);
        if (packed.Length != (long)rows * bytesPerCode) throw new ArgumentException($"expected {rows}×{bytesPerCode} bytes, got {packed.Length}");
        var words = new ulong[(long)rows * w];
        for (int i = 0; i < rows; i++)
            for (int b = 0; b < bits; b++)
                if ((packed[i * bytesPerCode + (b >> 3)] & (0x80 >> (b & 7))) != 0) words[i * w + (b >> 6)] |= 1UL << (b & 63);
        return new HashCodes(rows, bits, words);
    }

    /// <summary>The codes of <paramref name="parts"/> one after the other (all of one length).</summary>
    public static HashCodes Concat(IReadOnlyList<HashCodes> parts)
    {
        if (parts.Count == 0) throw new ArgumentException("nothing to concatenate");
        int bits = parts[0].Bits;
        if (parts.Any(p => p.Bits != bits)) throw new ArgumentException($"code lengths differ: {string.Join(", ", parts.Select(p => p.Bits).Distinct())}");
        var words = parts.SelectMany(p => p._words).ToArray();
        return new HashCodes(parts.Sum(p => p.Count), bits, words);
    }

    static void RequireWholeBytes(int bits)
    {
        if (bits % 8 != 0) throw new ArgumentException($"a code of {bits} bits does not fill whole bytes (packed codes need a multiple of 8 bits)");
    }

    static void CheckShape(int length, int rows, int bits, bool checkLength = true)
    {
        if (rows < 0) throw new ArgumentException($"rows must be ≥ 0, got {rows}");
        if (bits < 1 || bits > MaxBits) throw new ArgumentException($"bits must be in [1, {MaxBits}], got {bits}");
        if (checkLength && length != (long)rows * bits)
            throw new ArgumentException($"expected {rows}×{bits} = {(long)rows * bits} values, got {length}");
    }
}
