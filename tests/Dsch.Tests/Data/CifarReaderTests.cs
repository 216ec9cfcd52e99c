using Dsch.Data;
using Dsch.Data.Formats;
using Dsch.Tests.TestSupport;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Tests.Data;

public class CifarReaderTests
{
    [Fact]
    public void BinaryAndPythonVersions_GiveTheSamePooledImagesAndLabels()
    {
        using var binary = new TempDirectory();
        using var python = new TempDirectory();
        DataFixtures.WriteCifarBinary(binary.Path, perBatch: 3);
        DataFixtures.WriteCifarPython(python.Path, perBatch: 3);
        var fromBinary = CifarReader.Read(binary.Path);
        var fromPython = CifarReader.Read(python.Path);
        Assert.Equal(18, fromBinary.Images.Count);
        Assert.Equal(fromBinary.Labels.ContentHash(), fromPython.Labels.ContentHash());
        Assert.Equal(Enumerable.Range(0, 18).Select(i => i % 10), fromBinary.Labels.ClassIds());
        Assert.Equal("test_batch.bin record 1", fromBinary.Images.Describe(16));
        foreach (var source in new[] { fromBinary.Images, fromPython.Images })
        {
            using var image = source.Load(16);
            // Pixel (x=5, y=2): R plane offset 2·32+5, G plane +1024, B plane +2048.
            int k = 2 * 32 + 5;
            Assert.Equal(new Rgb24(DataFixtures.Pixel(16, k), DataFixtures.Pixel(16, 1024 + k), DataFixtures.Pixel(16, 2048 + k)), image[5, 2]);
        }
    }

    [Fact]
    public void Read_FindsTheBatchesInTheOfficialSubfolder()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("cifar-10-batches-bin"));
        DataFixtures.WriteCifarBinary(dir.File("cifar-10-batches-bin"), 1);
        Assert.Equal(6, CifarReader.Read(dir.Path).Images.Count);
    }

    [Fact]
    public void PythonPickle_WrittenByNumPy_IsRead()
    {
        // tools/make_numpy_pickle_fixture.py (NumPy 1.24.2, Python 3, protocol 2): {'data': uint8 [[1,2,3],[4,5,6]], 'labels': [1, 2]}
        var bytes = Convert.FromHexString(
            "80027D7100285804000000646174617101636E756D70792E636F72652E6D756C746961727261790A5F7265636F6E7374727563740A7102636E756D70790A6E6461727261790A71034B00857104635F636F646563730A656E636F64650A7105580100000062710658060000006C6174696E31710786710852710987710A52710B284B014B024B0386710C636E756D70790A64747970650A710D58020000007531710E898887710F527110284B0358010000007C71114E4E4E4AFFFFFFFF4AFFFFFFFF4B00747112628968055806000000010203040506711368078671145271157471166258060000006C6162656C7371175D7118284B014B0265752E");
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("batch"), bytes);
        var (pixels, labels) = CifarPickle.ReadBatch(dir.File("batch"), columns: 3);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, pixels);
        Assert.Equal(new byte[] { 1, 2 }, labels);
    }

    [Fact]
    public void BinaryBatch_Truncated_NamesFileAndRecord()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteCifarBinary(dir.Path, 3);
        var bytes = File.ReadAllBytes(dir.File("data_batch_4.bin"));
        File.WriteAllBytes(dir.File("data_batch_4.bin"), bytes[..(2 * 3073 + 100)]);
        var error = Assert.Throws<InvalidInputException>(() => CifarReader.Read(dir.Path));
        Assert.Contains("data_batch_4.bin, record 2", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void BinaryBatch_LabelAbove9_IsRejected()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteCifarBinary(dir.Path, 2);
        var bytes = File.ReadAllBytes(dir.File("test_batch.bin"));
        bytes[3073] = 12;
        File.WriteAllBytes(dir.File("test_batch.bin"), bytes);
        var error = Assert.Throws<InvalidInputException>(() => CifarReader.Read(dir.Path));
        Assert.Contains("test_batch.bin, record 1", error.Message);
    }

    [Fact]
    public void PythonBatch_TruncatedPickle_IsRejectedWithTheFile()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteCifarPython(dir.Path, 2);
        var bytes = File.ReadAllBytes(dir.File("data_batch_2"));
        File.WriteAllBytes(dir.File("data_batch_2"), bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<InvalidInputException>(() => CifarReader.Read(dir.Path));
        Assert.Contains("data_batch_2", error.Message);
    }

    [Fact]
    public void PythonBatch_WrongRowWidth_IsRejected()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteCifarPython(dir.Path, 2);
        File.WriteAllBytes(dir.File("data_batch_3"), DataFixtures.Python2Batch(new byte[2 * 100], 2, 100, [0, 1]));
        var error = Assert.Throws<InvalidInputException>(() => CifarReader.Read(dir.Path));
        Assert.Contains("data_batch_3", error.Message);
        Assert.Contains("(2, 100)", error.Message);
    }

    [Fact]
    public void MissingBatch_IsNamed()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteCifarBinary(dir.Path, 1);
        File.Delete(dir.File("data_batch_5.bin"));
        var error = Assert.Throws<InvalidInputException>(() => CifarReader.Read(dir.Path));
        Assert.Contains("data_batch_5.bin", error.Message);
    }
}
