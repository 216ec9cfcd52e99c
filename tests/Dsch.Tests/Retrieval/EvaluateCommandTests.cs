using System.Text;
using System.Text.Json;
using Dsch.Data;
using Dsch.Retrieval;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Retrieval;

/// <summary>The <c>dsch evaluate</c> contract, run as a process the way other tools call it.</summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class EvaluateCommandTests
{
    sealed class Files : IDisposable
    {
        readonly TempDirectory _folder = new();
        public string QueryCodes => _folder.File("q.npy");
        public string DatabaseCodes => _folder.File("d.npy");
        public string QueryLabels => _folder.File("ql.npy");
        public string DatabaseLabels => _folder.File("dl.npy");
        public string Path(string name) => _folder.File(name);

        public Files()
        {
            var rng = new Random(3);
            NpyFile.Write(QueryCodes, Enumerable.Range(0, 4 * 16).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray(), 4, 16);
            NpyFile.Write(DatabaseCodes, Enumerable.Range(0, 30 * 16).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray(), 30, 16);
            NpyFile.Write(QueryLabels, Enumerable.Range(0, 4).Select(i => (long)(i % 3)).ToArray(), 4);
            NpyFile.Write(DatabaseLabels, Enumerable.Range(0, 30).Select(i => (long)(i % 3)).ToArray(), 30);
        }

        public CliResult Evaluate(params string[] extra) => CliProcess.Run([
            "evaluate", "--query-codes", QueryCodes, "--database-codes", DatabaseCodes,
            "--query-labels", QueryLabels, "--database-labels", DatabaseLabels, .. extra]);

        public void Dispose() => _folder.Dispose();
    }

    [Fact]
    public void Json_IsOneObject_WithTheContractKeys_AndLibraryValues()
    {
        using var files = new Files();
        var result = files.Evaluate("--topk", "10,all", "--json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(["queries", "database", "bits", "map", "map_tie_aware", "precision_radius2", "seconds"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(4, root.GetProperty("queries").GetInt32());
        Assert.Equal(30, root.GetProperty("database").GetInt32());
        Assert.Equal(16, root.GetProperty("bits").GetInt32());

        var queries = RetrievalFiles.ReadCodes(files.QueryCodes);
        var database = RetrievalFiles.ReadCodes(files.DatabaseCodes);
        var (ql, dl) = RetrievalFiles.ReadLabels(files.QueryLabels, files.DatabaseLabels);
        Assert.Equal(ReferenceRetrieval.MeanAveragePrecision(queries, database, ql, dl, 10), root.GetProperty("map").GetProperty("10").GetDouble(), 12);
        Assert.Equal(ReferenceRetrieval.MeanAveragePrecision(queries, database, ql, dl, 30), root.GetProperty("map").GetProperty("all").GetDouble(), 12);
        Assert.True(root.GetProperty("map_tie_aware").TryGetProperty("all", out _));
    }

    [Fact]
    public void BitArraysAndMultiHotLabels_AreAccepted()
    {
        using var files = new Files();
        NpyFile.Write(files.QueryCodes, new byte[] { 1, 0, 1, 1, 0, 0 }, 2, 3);
        NpyFile.Write(files.DatabaseCodes, new byte[] { 1, 0, 1, 0, 0, 0, 1, 1, 1 }, 3, 3);
        NpyFile.Write(files.QueryLabels, new float[] { 1, 0, 0, 1 }, 2, 2);
        NpyFile.Write(files.DatabaseLabels, new byte[] { 1, 1, 0, 1, 1, 0 }, 3, 2);
        var result = files.Evaluate("--json", "--topk", "all");
        Assert.Equal(0, result.ExitCode);
        // Query 0 = 101: item 0 (d 0, rel), item 2 (d 1, rel), item 1 (d 2, not) → AP 1.
        // Query 1 = 100: item 1 (d 0, rel), item 0 (d 1, rel), item 2 (d 2, not) → AP 1.
        Assert.Equal(1.0, JsonDocument.Parse(result.Stdout).RootElement.GetProperty("map").GetProperty("all").GetDouble(), 12);
    }

    [Fact]
    public void Int8SignCodes_AsWrittenByBaseline_AreSigns_NotBits()
    {
        using var files = new Files();
        NpyFile.Write(files.QueryCodes, new sbyte[] { 1, -1, 1, -1, -1, -1 }, 2, 3);
        NpyFile.Write(files.DatabaseCodes, new sbyte[] { 1, -1, 1, -1, -1, -1, -1, 1, 1 }, 3, 3);
        NpyFile.Write(files.QueryLabels, new long[] { 0, 1 }, 2);
        NpyFile.Write(files.DatabaseLabels, new long[] { 0, 1, 0 }, 3);
        var result = files.Evaluate("--json", "--topk", "1");
        Assert.Equal(0, result.ExitCode);
        // Query 0 matches item 0 exactly, query 1 matches item 1 exactly: both first-ranked items relevant.
        Assert.Equal(1.0, JsonDocument.Parse(result.Stdout).RootElement.GetProperty("map").GetProperty("1").GetDouble(), 12);
    }

    static void AssertBadInput(CliResult result, string expected)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void RowCountMismatch_IsExitTwo()
    {
        using var files = new Files();
        NpyFile.Write(files.DatabaseLabels, new long[] { 0, 1 }, 2);
        AssertBadInput(files.Evaluate(), "row counts differ");
    }

    [Fact]
    public void LabelWidthMismatch_IsExitTwo()
    {
        using var files = new Files();
        NpyFile.Write(files.QueryLabels, new byte[4 * 3], 4, 3);
        NpyFile.Write(files.DatabaseLabels, new byte[30 * 5], 30, 5);
        AssertBadInput(files.Evaluate(), "label widths differ");
    }

    [Fact]
    public void NaNInCodes_IsExitTwo_NamingRowAndColumn()
    {
        using var files = new Files();
        var values = new float[4 * 16];
        values[17] = float.NaN;
        NpyFile.Write(files.QueryCodes, values, 4, 16);
        AssertBadInput(files.Evaluate(), "row 1, column 1");
    }

    [Fact]
    public void UnsupportedDtype_IsExitTwo()
    {
        using var files = new Files();
        var header = "{'descr': '<u4', 'fortran_order': False, 'shape': (4, 16), }".PadRight(117) + "\n";
        var bytes = new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 118, 0 }
            .Concat(Encoding.ASCII.GetBytes(header)).Concat(new byte[4 * 16 * 4]).ToArray();
        File.WriteAllBytes(files.QueryCodes, bytes);
        AssertBadInput(files.Evaluate(), "unsupported dtype");
    }

    [Fact]
    public void CorruptNpy_IsExitTwo()
    {
        using var files = new Files();
        var bytes = File.ReadAllBytes(files.DatabaseCodes);
        File.WriteAllBytes(files.DatabaseCodes, bytes[..^10]);
        AssertBadInput(files.Evaluate(), "truncated");
        File.WriteAllText(files.DatabaseCodes, "not numpy at all");
        AssertBadInput(files.Evaluate(), "bad magic");
    }

    [Fact]
    public void NonBinaryMultiHot_AndBadTopK_AreExitTwo()
    {
        using var files = new Files();
        AssertBadInput(files.Evaluate("--topk", "10,zero"), "--topk");
        NpyFile.Write(files.QueryLabels, new byte[] { 0, 2, 1, 0, 1, 0, 1, 0 }, 4, 2);
        NpyFile.Write(files.DatabaseLabels, new byte[60], 30, 2);
        AssertBadInput(files.Evaluate(), "row 0, column 1");
    }

    [Fact]
    public void CodeLengthMismatch_AndWrongRank_AreExitTwo()
    {
        using var files = new Files();
        NpyFile.Write(files.DatabaseCodes, new float[30 * 8], 30, 8);
        AssertBadInput(files.Evaluate(), "code lengths differ");
        NpyFile.Write(files.DatabaseCodes, new float[30 * 16], 30, 4, 4);
        AssertBadInput(files.Evaluate(), "2-D (N, L)");
    }

    [Fact]
    public void MissingFile_IsExitTwo()
    {
        using var files = new Files();
        File.Delete(files.QueryLabels);
        AssertBadInput(files.Evaluate(), "ql.npy");
    }
}
