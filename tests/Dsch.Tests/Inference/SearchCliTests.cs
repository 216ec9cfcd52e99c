using System.Text.Json;
using Dsch.Data;
using Dsch.Notebooks;
using Dsch.Retrieval;
using Dsch.Tests.TestSupport;
using SixLabors.ImageSharp;

namespace Dsch.Tests.Inference;

/// <summary><c>dsch search</c> and <c>Lab.Search</c> over codes written by <c>dsch encode</c>.</summary>
[Collection(TrainedRunsCollection.Name)]
[Trait(TestCategory.Key, TestCategory.Slow)]
public class SearchCliTests(TrainedRunsFixture runs)
{
    static (int Row, string Id, int Distance)[] Hits(JsonElement query) =>
        [.. query.GetProperty("hits").EnumerateArray().Select(h => (h.GetProperty("row").GetInt32(), h.GetProperty("id").GetString()!, h.GetProperty("distance").GetInt32()))];

    [Fact]
    public void QueryImage_GivesTheEvaluationRanking_AsJson_AndAMontage()
    {
        using var folder = new TempDirectory();
        var db = runs.Database16;
        var result = CliProcess.Run("search", "--codes", db, "--query-image", runs.QueryImages[0], "--run", runs.Run16, "--top", "6", "--montage", folder.File("m.png"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var hits = Hits(json.RootElement.GetProperty("queries")[0]);

        // The run's own codes: query 0 against the database, ranked as evaluation ranks (distance, then row).
        var queries = RetrievalFiles.ReadCodes(Path.Combine(runs.Run16, "query_codes.npy"));
        var database = RetrievalFiles.ReadCodes(Path.Combine(runs.Run16, "database_codes.npy"));
        var ranking = ReferenceRetrieval.Rank(queries, 0, database).Take(6).ToArray();
        Assert.Equal(ranking, hits.Select(h => h.Row));
        Assert.Equal(ranking.Select(j => queries.Distance(0, database, j)), hits.Select(h => h.Distance));
        var ids = File.ReadAllLines(Path.ChangeExtension(db, ".ids.txt"));
        Assert.Equal(ranking.Select(j => ids[j]), hits.Select(h => h.Id));
        Assert.Equal(16, json.RootElement.GetProperty("bits").GetInt32());

        using var montage = Image.Load(folder.File("m.png"));
        Assert.Equal((4 + 7 * 74 + 4, 4 + 79), (montage.Width, montage.Height));  // query + 6 neighbours, one row
    }

    [Fact]
    public void QueryCodes_SearchEveryRow_AndLabSearch_AnswersAsTheCli()
    {
        using var folder = new TempDirectory();
        var db = runs.Database16;
        Assert.Equal(0, CliProcess.Run("encode", "--run", runs.Run16, "--images", runs.QueryImages[0], "--out", folder.File("q.npy")).ExitCode);
        var runQueries = EncodeCliTests.SignsOf(Path.Combine(runs.Run16, "query_codes.npy")).Take(16);
        Assert.Equal(runQueries, (sbyte[])NpyFile.Read(folder.File("q.npy")).Data);   // one image file as --images
        NpyFile.Write(folder.File("q3.npy"), (sbyte[])[.. Enumerable.Repeat((sbyte[])NpyFile.Read(folder.File("q.npy")).Data, 3).SelectMany(c => c)], 3, 16);
        var result = CliProcess.Run("search", "--codes", db, "--query-codes", folder.File("q3.npy"), "--top", "4");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using (var three = JsonDocument.Parse(result.Stdout)) Assert.Equal(3, three.RootElement.GetProperty("queries").GetArrayLength());
        result = CliProcess.Run("search", "--codes", db, "--query-codes", folder.File("q.npy"), "--top", "4", "--montage", folder.File("m.png"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.True(File.Exists(folder.File("m.png")));

        var lab = Lab.Search(db, runs.QueryImages[0], runs.Run16, top: 4);
        Assert.Equal(Hits(json.RootElement.GetProperty("queries")[0]), lab.Result.Queries[0].Hits.Select(h => (h.Row, lab.Result.IdOf(h)!, h.Distance)));
        Assert.Contains("data:image/png;base64,", lab.View.Html);
    }

    [Fact]
    public void BadSearches_ExitWith2_OnOneLine()
    {
        using var folder = new TempDirectory();
        var db = runs.Database16;
        File.WriteAllText(folder.File("taken.png"), "keep");
        NpyFile.Write(folder.File("plain.npy"), new sbyte[32], 2, 16);
        // The 16-bit run with another config.json: same code length, another run fingerprint.
        var retrained = folder.File("retrained");
        foreach (var file in Directory.GetFiles(runs.Run16, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(retrained, Path.GetRelativePath(runs.Run16, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        File.AppendAllText(Path.Combine(retrained, "config.json"), "\n");
        (string[] Arguments, string Named)[] cases =
        [
            (["--codes", db, "--query-image", runs.QueryImages[0], "--run", runs.Run12], "another run"),
            (["--codes", db, "--query-image", runs.QueryImages[0], "--run", retrained], "fingerprints differ"),
            (["--codes", db, "--query-image", runs.QueryImages[0], "--run", runs.Run16, "--top", "0"], "--top"),
            (["--codes", db, "--query-image", runs.QueryImages[0], "--run", runs.Run16, "--montage", folder.File("taken.png")], "already exists"),
            (["--codes", db, "--query-image", runs.QueryImages[0]], "--run"),
            (["--codes", db], "--query-codes"),
            (["--codes", folder.File("plain.npy"), "--query-codes", folder.File("plain.npy"), "--montage", folder.File("m.png")], "manifest"),
            (["--codes", db, "--query-codes", folder.File("plain.npy"), "--ids", folder.File("none.txt")], "none.txt"),
        ];
        foreach (var (arguments, named) in cases)
        {
            var result = CliProcess.Run(["search", .. arguments]);
            Assert.True(result.ExitCode == 2, $"{string.Join(' ', arguments)}: exit {result.ExitCode} {result.Stderr}");
            Assert.Contains(named, result.Stderr);
            Assert.Single(result.Stderr.Trim().Split('\n'));
        }
        Assert.Equal("keep", File.ReadAllText(folder.File("taken.png")));
        Assert.False(File.Exists(folder.File("m.png")));
    }
}
