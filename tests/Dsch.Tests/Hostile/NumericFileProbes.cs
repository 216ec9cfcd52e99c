using System.Buffers.Binary;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Hostile;

/// <summary>
/// Hostile .npy files, pickles and paths given where a data file is expected: each is refused with exit 2 and one line,
/// before anything of the announced size is allocated. Probes F5, F6 and the FIFO / empty-set / directory probes.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class NumericFileProbes
{
    static CliResult Evaluate(string queryCodes, string databaseCodes, string queryLabels, string databaseLabels) =>
        HostileInput.Run("evaluate", "--query-codes", queryCodes, "--database-codes", databaseCodes,
            "--query-labels", queryLabels, "--database-labels", databaseLabels, "--json");

    /// <summary>Valid codes and labels (6 database, 2 query rows, 8 bits) plus the folder they are in.</summary>
    static (string Q, string D, string QL, string DL) ValidFiles(TempDirectory folder)
    {
        HostileInput.WriteFloats(folder.File("q.npy"), 2, 8, 1);
        HostileInput.WriteFloats(folder.File("d.npy"), 6, 8, 2);
        Dsch.Data.NpyFile.Write(folder.File("ql.npy"), new long[] { 0, 1 }, 2);
        Dsch.Data.NpyFile.Write(folder.File("dl.npy"), new long[] { 0, 1, 0, 1, 0, 1 }, 6);
        return (folder.File("q.npy"), folder.File("d.npy"), folder.File("ql.npy"), folder.File("dl.npy"));
    }

    [Fact]
    public void F5_NpyHeaderDeclaringAnOverflowingShape_IsRefused()
    {
        using var folder = new TempDirectory();
        HostileInput.WriteNpyHeader(folder.File("huge.npy"), "{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647, 2147483647), }");
        Assert.True(new FileInfo(folder.File("huge.npy")).Length <= 128);
        HostileInput.AssertRefused(HostileInput.Run("components", "--codes", folder.File("huge.npy"), "--out", folder.File("out")), "huge.npy", "overflows");
        Assert.False(Directory.Exists(folder.File("out")));
    }

    [Fact]
    public void F5_NpyHeaderDeclaringMoreDataThanTheFileHolds_IsRefusedAsTruncated()
    {
        using var folder = new TempDirectory();
        HostileInput.WriteNpyHeader(folder.File("big.npy"), "{'descr': '|u1', 'fortran_order': False, 'shape': (2000000000, 1000), }", body: 16);
        var (_, d, ql, dl) = ValidFiles(folder);
        HostileInput.AssertRefused(Evaluate(folder.File("big.npy"), d, ql, dl), "big.npy", "truncated");
    }

    [Fact]
    public void F6_CifarPickleAnnouncingA2GBString_IsRefused_WithoutAllocatingIt()
    {
        using var folder = new TempDirectory();
        var pickle = new byte[20];
        pickle[0] = 0x80; pickle[1] = 2; pickle[2] = (byte)'T';                       // PROTO 2, BINSTRING of …
        BinaryPrimitives.WriteInt32LittleEndian(pickle.AsSpan(3), int.MaxValue);       // … 2,147,483,647 bytes
        File.WriteAllBytes(folder.File("data_batch_1"), pickle);
        HostileInput.AssertRefused(HostileInput.Run("data", "info", "--dataset", "cifar10", "--root", folder.Path), "data_batch_1", "pickle");
    }

    [Fact]
    public void FifoGivenAsQueryCodes_IsRefused_InsteadOfBlocking()
    {
        using var folder = new TempDirectory();
        var (_, d, ql, dl) = ValidFiles(folder);
        HostileInput.MakeFifo(folder.File("fifo.npy"));
        HostileInput.AssertRefused(Evaluate(folder.File("fifo.npy"), d, ql, dl), "fifo.npy", "FIFO");
    }

    [Fact]
    public void DirectoryGivenAsQueryCodes_IsReportedAsADirectory_NotAsMissing()
    {
        using var folder = new TempDirectory();
        var (_, d, ql, dl) = ValidFiles(folder);
        Directory.CreateDirectory(folder.File("codes.npy"));
        HostileInput.AssertRefused(Evaluate(folder.File("codes.npy"), d, ql, dl), "codes.npy", "is a directory");
    }

    [Fact]
    public void EmptyQuerySet_IsRefused_InsteadOfReportingMap0()
    {
        using var folder = new TempDirectory();
        var (_, d, _, dl) = ValidFiles(folder);
        Dsch.Data.NpyFile.Write(folder.File("q0.npy"), Array.Empty<float>(), 0, 8);
        Dsch.Data.NpyFile.Write(folder.File("ql0.npy"), Array.Empty<long>(), 0);
        HostileInput.AssertRefused(Evaluate(folder.File("q0.npy"), d, folder.File("ql0.npy"), dl), "q0.npy", "no queries");
    }
}
