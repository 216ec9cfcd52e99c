namespace Dsch.Data;

/// <summary>Element types of <c>.npy</c> files this project reads and writes (little endian, C order).</summary>
public enum NpyType
{
    /// <summary><c>&lt;f4</c></summary>
    Float32,
    /// <summary><c>&lt;f8</c></summary>
    Float64,
    /// <summary><c>|i1</c></summary>
    Int8,
    /// <summary><c>&lt;i4</c></summary>
    Int32,
    /// <summary><c>&lt;i8</c></summary>
    Int64,
    /// <summary><c>|u1</c></summary>
    UInt8,
    /// <summary><c>|b1</c></summary>
    Bool,
}

/// <summary>
/// An n-dimensional array read from or written to a NumPy <c>.npy</c> file: the element type, the
/// shape, and the elements in C (row-major) order as a 1-D .NET array of the matching type
/// (<c>float[]</c>, <c>double[]</c>, <c>sbyte[]</c>, <c>int[]</c>, <c>long[]</c>, <c>byte[]</c>, <c>bool[]</c>).
/// </summary>
public sealed record NpyArray(NpyType Type, int[] Shape, Array Data)
{
    /// <summary>Number of elements (product of the shape; 1 for a 0-d array).</summary>
    public long Length => Shape.Aggregate(1L, (product, n) => product * n);

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>The elements converted to double (bool → 0/1).</summary>
    public double[] ToDoubles() => Data switch
    {
        double[] d => (double[])d.Clone(),
        float[] f => Array.ConvertAll(f, v => (double)v),
        sbyte[] s => Array.ConvertAll(s, v => (double)v),
        int[] i => Array.ConvertAll(i, v => (double)v),
        long[] l => Array.ConvertAll(l, v => (double)v),
        byte[] b => Array.ConvertAll(b, v => (double)v),
        bool[] b => Array.ConvertAll(b, v => v ? 1.0 : 0.0),
        _ => throw new InvalidOperationException($"unsupported element array {Data.GetType()}"),
    };

    /// <summary>The elements converted to float (bool → 0/1).</summary>
    public float[] ToFloats() => Data is float[] f ? (float[])f.Clone() : Array.ConvertAll(ToDoubles(), v => (float)v);

    /// <summary>The integer elements as long; throws for floating-point arrays.</summary>
    public long[] ToInt64s() => Data switch
    {
        long[] l => (long[])l.Clone(),
        int[] i => Array.ConvertAll(i, v => (long)v),
        sbyte[] s => Array.ConvertAll(s, v => (long)v),
        byte[] b => Array.ConvertAll(b, v => (long)v),
        bool[] b => Array.ConvertAll(b, v => v ? 1L : 0L),
        _ => throw new InvalidOperationException($"{Type} is not an integer type"),
    };

    /// <summary>Creates an array, checking that the data length matches the shape.</summary>
    public static NpyArray Create<T>(T[] data, params int[] shape) where T : unmanaged
    {
        var type = NpyFile.TypeOf(typeof(T));
        var array = new NpyArray(type, shape, data);
        if (array.Length != data.Length)
            throw new ArgumentException($"shape ({string.Join(", ", shape)}) holds {array.Length} elements, data has {data.Length}");
        return array;
    }
}
