using Dsch.Data;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Data;

public class NpyFileTests
{
    // Bytes of np.save(f, np.array([[1.5, -2.0], [0.25, 8.0]], dtype='<f4')) — NumPy 1.24, format 1.0.
    static readonly byte[] NumpyFloat32 = Convert.FromHexString(
        "934E554D5059010076007B276465736372273A20273C6634272C2027666F727472616E5F6F72646572273A2046616C73652C" +
        "20277368617065273A2028322C2032292C207D20202020202020202020202020202020202020202020202020202020202020" +
        "2020202020202020202020202020202020202020202020202020200A0000C03F000000C00000803E00000041");

    [Fact]
    public void Reads_ABufferWrittenByNumPy()
    {
        var array = NpyFile.Read(new MemoryStream(NumpyFloat32), "numpy.npy");
        Assert.Equal(NpyType.Float32, array.Type);
        Assert.Equal(new[] { 2, 2 }, array.Shape);
        Assert.Equal(new[] { 1.5f, -2f, 0.25f, 8f }, (float[])array.Data);
    }

    [Theory]
    [InlineData(typeof(float))]
    [InlineData(typeof(double))]
    [InlineData(typeof(sbyte))]
    [InlineData(typeof(int))]
    [InlineData(typeof(long))]
    [InlineData(typeof(byte))]
    [InlineData(typeof(bool))]
    public void RoundTrips_EverySupportedType(Type type)
    {
        Array data = type switch
        {
            _ when type == typeof(float) => new float[] { 1, -2, 3.5f, float.MaxValue, 0, 6 },
            _ when type == typeof(double) => new double[] { 1, -2, 3.5, double.Epsilon, 0, 6 },
            _ when type == typeof(sbyte) => new sbyte[] { 1, -2, 3, -128, 127, 0 },
            _ when type == typeof(int) => new[] { 1, -2, 3, int.MinValue, int.MaxValue, 0 },
            _ when type == typeof(long) => new[] { 1L, -2, 3, long.MinValue, long.MaxValue, 0 },
            _ when type == typeof(byte) => new byte[] { 1, 2, 3, 255, 0, 6 },
            _ => new[] { true, false, true, true, false, false },
        };
        using var folder = new TempDirectory();
        var path = folder.File("a.npy");
        NpyFile.Write(path, new NpyArray(NpyFile.TypeOf(type), [2, 3], data));
        var back = NpyFile.Read(path);
        Assert.Equal(new[] { 2, 3 }, back.Shape);
        Assert.Equal(data, back.Data);
        Assert.Equal(0, (new FileInfo(path).Length - data.Length * System.Runtime.InteropServices.Marshal.SizeOf(type == typeof(bool) ? typeof(byte) : type)) % 64);
    }

    [Fact]
    public void TruncatedData_IsAnError_NamingFileAndOffset()
    {
        var truncated = NumpyFloat32[..^3];
        var error = Assert.Throws<InvalidInputException>(() => NpyFile.Read(new MemoryStream(truncated), "codes.npy"));
        Assert.Contains("codes.npy", error.Message);
        Assert.Contains("byte 128", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void BadMagic_IsAnError()
    {
        var bad = (byte[])NumpyFloat32.Clone();
        bad[1] = (byte)'X';
        var error = Assert.Throws<InvalidInputException>(() => NpyFile.Read(new MemoryStream(bad), "x.npy"));
        Assert.Contains("magic", error.Message);
    }

    [Fact]
    public void BigEndianAndFortranOrder_AreRejected()
    {
        foreach (var (from, to, expected) in new[] { ("<f4", ">f4", "big-endian"), ("False", "True ", "Fortran") })
        {
            var text = System.Text.Encoding.Latin1.GetString(NumpyFloat32).Replace(from, to);
            var bytes = System.Text.Encoding.Latin1.GetBytes(text);
            var error = Assert.Throws<InvalidInputException>(() => NpyFile.Read(new MemoryStream(bytes), "x.npy"));
            Assert.Contains(expected, error.Message);
        }
    }

    [Fact]
    public void UnsupportedDtype_IsRejected()
    {
        var text = System.Text.Encoding.Latin1.GetString(NumpyFloat32).Replace("<f4", "<c8");
        var error = Assert.Throws<InvalidInputException>(() => NpyFile.Read(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(text)), "x.npy"));
        Assert.Contains("<c8", error.Message);
    }
}
