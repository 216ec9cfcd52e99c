using System.Text.Json;
using Dsch.Data;
using Dsch.Retrieval;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Retrieval;

/// <summary>
/// <c>dsch export --format faiss</c> against the real FAISS (Debian's python3-faiss 1.7.3): the files load with
/// <c>faiss.read_index_binary</c>, with the right type, ntotal and d, and searching them gives the project's Hamming
/// distances for every database row, labels being code rows.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class FaissExportTests
{
    const int Bits = 64, DatabaseRows = 600, QueryRows = 25;

    // Prints {type, ntotal, d, distances: [[...]], labels: [[...]]} for a full search (k = ntotal) of the query codes.
    const string Search = """
        import json, sys, faiss, numpy as np
        index = faiss.read_index_binary(sys.argv[1])
        queries = np.packbits(np.load(sys.argv[2]) >= 0, axis=1)
        D, I = index.search(queries, index.ntotal)
        print(json.dumps({"type": type(index).__name__, "ntotal": index.ntotal, "d": index.d,
                          "distances": D.tolist(), "labels": I.tolist()}))
        """;

    static HashCodes RandomCodes(int rows, int seed)
    {
        var random = new Random(seed);
        // Few distinct patterns in the low bits, so that many distances tie.
        return HashCodes.From(Enumerable.Range(0, rows * Bits).Select(i => i % Bits < 56 && random.Next(4) > 0 ? 1f : (float)(random.NextDouble() - 0.5)).ToArray(), rows, Bits);
    }

    [FaissFact]
    public void FlatAndIvfFiles_LoadInFaiss_WithTheProjectsDistances()
    {
        using var folder = new TempDirectory();
        var database = RandomCodes(DatabaseRows, 1);
        var queries = RandomCodes(QueryRows, 2);
        NpyFile.Write(folder.File("db.npy"), database.ToSigns(), DatabaseRows, Bits);
        NpyFile.Write(folder.File("q.npy"), queries.ToSigns(), QueryRows, Bits);
        var flat = CliProcess.Run("export", "--codes", folder.File("db.npy"), "--format", "faiss", "--out", folder.File("flat.faiss"));
        Assert.True(flat.ExitCode == 0, flat.Stderr);
        var ivf = CliProcess.Run("export", "--codes", folder.File("db.npy"), "--format", "faiss", "--out", folder.File("ivf.faiss"), "--ivf", "16");
        Assert.True(ivf.ExitCode == 0, ivf.Stderr);

        foreach (var (file, type) in new[] { ("flat.faiss", "IndexBinaryFlat"), ("ivf.faiss", "IndexBinaryIVF") })
        {
            var result = FaissPython.Run(Search, folder.File(file), folder.File("q.npy"));
            Assert.True(result.ExitCode == 0, $"python FAISS failed on {file}: {result.Stderr}");
            using var json = JsonDocument.Parse(result.Stdout);
            Assert.Equal(type, json.RootElement.GetProperty("type").GetString());
            Assert.Equal(DatabaseRows, json.RootElement.GetProperty("ntotal").GetInt32());
            Assert.Equal(Bits, json.RootElement.GetProperty("d").GetInt32());
            var ours = HammingRanking.TopK(queries, database, DatabaseRows);
            for (int q = 0; q < QueryRows; q++)
            {
                var distances = json.RootElement.GetProperty("distances")[q].EnumerateArray().Select(d => d.GetInt32()).ToArray();
                var labels = json.RootElement.GetProperty("labels")[q].EnumerateArray().Select(l => l.GetInt32()).ToArray();
                Assert.Equal(ours[q].Select(n => n.Distance), distances);                 // the same ranked distances
                Assert.Equal(Enumerable.Range(0, DatabaseRows), labels.Order());           // every row once
                for (int r = 0; r < DatabaseRows; r++)
                    Assert.Equal(queries.Distance(q, database, labels[r]), distances[r]);  // labels are code rows
            }
        }
    }

    [Fact]
    public void FlatFile_HasFaissBinaryFlatLayout()
    {
        using var folder = new TempDirectory();
        var codes = HashCodes.From(new float[] { 1, -1, -1, -1, -1, -1, -1, 1, -1, 1, 1, 1, 1, 1, 1, -1 }, 2, 8);
        FaissBinaryIndex.WriteFlat(folder.File("x.faiss"), codes);
        var bytes = File.ReadAllBytes(folder.File("x.faiss"));
        // "IBxF", d = 8, code_size = 1, ntotal = 2, is_trained = 1, metric = 1 (L2), vector of 2 bytes: 0x81, 0x7E.
        byte[] expected = [(byte)'I', (byte)'B', (byte)'x', (byte)'F', 8, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0,
            2, 0, 0, 0, 0, 0, 0, 0, 0x81, 0x7E];
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("--format", "hnsw", "--format")]
    [InlineData("--ivf", "0", "--ivf")]
    [InlineData("--ivf", "100000", "--ivf")]
    public void BadExportOptions_ExitWith2_WritingNothing(string option, string value, string named)
    {
        using var folder = new TempDirectory();
        NpyFile.Write(folder.File("db.npy"), RandomCodes(40, 3).ToSigns(), 40, Bits);
        string[] arguments = ["export", "--codes", folder.File("db.npy"), "--format", "faiss", "--out", folder.File("x.faiss")];
        var result = CliProcess.Run([.. arguments.Select(a => a == "faiss" && option == "--format" ? value : a), .. option == "--format" ? Array.Empty<string>() : [option, value]]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.Stderr);
        Assert.Equal(["db.npy"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void CodesOfAWidthThatIsNoMultipleOf8_OrAnExistingOut_ExitWith2()
    {
        using var folder = new TempDirectory();
        NpyFile.Write(folder.File("odd.npy"), new sbyte[] { 1, -1, 1, 1, -1, 1, 1, -1, 1, 1 }, 1, 10);
        var odd = CliProcess.Run("export", "--codes", folder.File("odd.npy"), "--format", "faiss", "--out", folder.File("x.faiss"));
        Assert.Equal(2, odd.ExitCode);
        Assert.Contains("multiple of 8", odd.Stderr);
        File.WriteAllText(folder.File("taken.faiss"), "keep");
        NpyFile.Write(folder.File("db.npy"), RandomCodes(4, 3).ToSigns(), 4, Bits);
        var taken = CliProcess.Run("export", "--codes", folder.File("db.npy"), "--format", "faiss", "--out", folder.File("taken.faiss"));
        Assert.Equal(2, taken.ExitCode);
        Assert.Contains("already exists", taken.Stderr);
        Assert.Equal("keep", File.ReadAllText(folder.File("taken.faiss")));
    }
}
