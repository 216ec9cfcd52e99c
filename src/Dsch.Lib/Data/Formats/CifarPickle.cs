using System.Collections;
using Dsch.IO;
using Razorvine.Pickle;

namespace Dsch.Data.Formats;

/// <summary>
/// Reads one batch of CIFAR-10's python version: a pickled dict (Python 2 <c>cPickle</c>, protocol 2) with
/// <c>data</c>, a NumPy <c>uint8</c> array of N × 3,072 (R, G, B planes per row), and <c>labels</c>, a list of N ints.
/// Razorvine.Pickle parses the stream; the two NumPy classes the pickle names (<c>_reconstruct</c> and <c>dtype</c>)
/// are mapped onto the small state holders below, which accept only C-ordered <c>uint8</c> arrays.
/// </summary>
internal static class CifarPickle
{
    static CifarPickle()
    {
        foreach (var module in new[] { "numpy.core.multiarray", "numpy._core.multiarray" })
            Unpickler.registerConstructor(module, "_reconstruct", new Construct(_ => new NdArrayState()));
        Unpickler.registerConstructor("numpy", "dtype", new Construct(args => new DtypeState(args.Length > 0 ? args[0] as string : null)));
        // Python 3 pickles bytes at protocol 2 as _codecs.encode(text, 'latin1').
        Unpickler.registerConstructor("_codecs", "encode", new Construct(args => args is [string text, ..]
            ? System.Text.Encoding.Latin1.GetBytes(text) : throw new PickleException("_codecs.encode needs a string")));
    }

    /// <summary>Largest batch file accepted: 256 MiB (an official batch is 31 MB).</summary>
    public const long MaxBatchBytes = 256L << 20;

    /// <summary>The pixels (N × 3,072 bytes) and labels (N bytes) of the batch at <paramref name="path"/>.</summary>
    public static (byte[] Pixels, byte[] Labels) ReadBatch(string path) => ReadBatch(path, CifarReader.ImageBytes);

    /// <summary>As <see cref="ReadBatch(string)"/> with rows of <paramref name="columns"/> bytes (tests use tiny arrays).</summary>
    internal static (byte[] Pixels, byte[] Labels) ReadBatch(string path, int columns)
    {
        // The whole file is read (bounded) and parsed from memory: Razorvine's in-memory reader slices its input, so a
        // length field announcing more bytes than the file holds fails at once instead of allocating gigabytes.
        var bytes = InputFile.ReadAllBytes(path, MaxBatchBytes, "CIFAR-10 batch");
        object root;
        try
        {
            using var unpickler = new Unpickler();
            root = unpickler.loads(bytes);
        }
        catch (Exception e) when (e is not InvalidInputException)
        {
            // Any failure inside the pickle reader is the file's fault (the reader runs no code and opens nothing else).
            throw InvalidInputException.At(path, null, $"not a readable CIFAR-10 python pickle ({e.GetType().Name}: {e.Message})");
        }
        if (root is not IDictionary dict) throw InvalidInputException.At(path, null, $"pickle holds {root?.GetType().Name ?? "None"}, expected a dict");
        var data = Entry(dict, "data", path) as NdArrayState ?? throw InvalidInputException.At(path, "key 'data'", "is not a NumPy array");
        var labelList = Entry(dict, "labels", path) as IList ?? throw InvalidInputException.At(path, "key 'labels'", "is not a list");
        var pixels = data.Uint8Matrix(path, columns);
        int n = pixels.Length / columns;
        if (labelList.Count != n) throw InvalidInputException.At(path, "key 'labels'", $"{labelList.Count} labels for {n} images");
        var labels = new byte[n];
        for (int r = 0; r < n; r++)
        {
            long value = labelList[r] is int i ? i : labelList[r] is long l ? l : -1;
            if (value is < 0 or > 255) throw InvalidInputException.At(path, $"record {r}", $"label {labelList[r]} is not a small non-negative int");
            labels[r] = (byte)value;
        }
        return (pixels, labels);
    }

    static object? Entry(IDictionary dict, string key, string path)
    {
        foreach (DictionaryEntry entry in dict)
            if (entry.Key is string s && s == key || entry.Key is byte[] b && System.Text.Encoding.ASCII.GetString(b) == key) return entry.Value;
        throw InvalidInputException.At(path, null, $"the pickled dict has no '{key}' key");
    }

    sealed class Construct(Func<object[], object> create) : IObjectConstructor
    {
        public object construct(object[] args) => create(args);
    }

    /// <summary>State of <c>numpy.dtype(code, align, copy)</c>; BUILD sets byte order etc., which uint8 ignores.</summary>
    public sealed class DtypeState(string? code)
    {
        /// <summary>The dtype code, e.g. <c>u1</c>.</summary>
        public string? Code { get; } = code;

        /// <summary>Called by the unpickler's BUILD opcode; the state tuple is (version, byte order, …).</summary>
        public void __setstate__(object[] state) { }
    }

    /// <summary>State of <c>numpy.core.multiarray._reconstruct(ndarray, (0,), b'b')</c> after BUILD.</summary>
    public sealed class NdArrayState
    {
        object[]? _state;

        /// <summary>Called by BUILD with (version, shape, dtype, is_fortran, rawdata).</summary>
        public void __setstate__(object[] state) => _state = state;

        /// <summary>The raw bytes of a C-ordered uint8 array of shape (N, <paramref name="columns"/>).</summary>
        public byte[] Uint8Matrix(string path, int columns)
        {
            if (_state is not { Length: 5 }) throw InvalidInputException.At(path, "key 'data'", "NumPy array state is not (version, shape, dtype, fortran, data)");
            // Sizes as the pickle holds them (int, long; anything else, e.g. a BigInteger, reads as -1 and is refused below).
            var shape = (_state[1] as object[] ?? []).Select(d => d is int i ? i : d is long l ? l : -1L).ToArray();
            if (_state[2] is not DtypeState { Code: "u1" or "|u1" or "B" } dtype)
                throw InvalidInputException.At(path, "key 'data'", $"dtype {(_state[2] as DtypeState)?.Code ?? "?"} is not uint8");
            if (_state[3] is true) throw InvalidInputException.At(path, "key 'data'", "Fortran-ordered arrays are not supported");
            if (shape.Length != 2 || shape[1] != columns || shape[0] <= 0)
                throw InvalidInputException.At(path, "key 'data'", $"shape ({string.Join(", ", shape)}) is not (N, {columns})");
            byte[] raw = _state[4] switch
            {
                byte[] bytes => bytes,
                string text => text.Select(c => c <= 0xFF ? (byte)c : throw InvalidInputException.At(path, "key 'data'", "raw data is not a byte string")).ToArray(),
                _ => throw InvalidInputException.At(path, "key 'data'", $"raw data of type {_state[4]?.GetType().Name} is not bytes"),
            };
            if (raw.LongLength % columns != 0 || raw.LongLength / columns != shape[0])
                throw InvalidInputException.At(path, $"record {raw.LongLength / columns}", $"truncated: {raw.LongLength} data bytes for shape ({shape[0]}, {columns})");
            _ = dtype;
            return raw;
        }
    }
}
