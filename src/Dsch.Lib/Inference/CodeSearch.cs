using System.Text.Json;
using Dsch.Retrieval;

namespace Dsch.Inference;

/// <summary>One retrieved database row.</summary>
/// <param name="Rank">1-based rank.</param>
/// <param name="Row">Row in the database code file (FAISS's label for the same codes).</param>
/// <param name="Id">The row's id (image path or dataset index), null without an ids file.</param>
/// <param name="Distance">Hamming distance to the query.</param>
public sealed record SearchHit(int Rank, int Row, string? Id, int Distance);

/// <summary>A query and its neighbours, best first.</summary>
/// <param name="Query">The query image's path, or <c>row N</c> of the query codes.</param>
/// <param name="Hits">The top-K.</param>
public sealed record SearchQuery(string Query, IReadOnlyList<SearchHit> Hits);

/// <summary>The answer of <c>dsch search</c> and of the notebooks' <c>Lab.Search</c>.</summary>
/// <param name="DatabaseRows">Rows in the database.</param>
/// <param name="Bits">Code length L.</param>
/// <param name="Top">K asked for.</param>
/// <param name="Queries">One entry per query.</param>
public sealed record SearchResult(int DatabaseRows, int Bits, int Top, IReadOnlyList<SearchQuery> Queries)
{
    static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// The stable JSON contract: <c>{"database_rows","bits","top","queries":[{"query","hits":[{"rank","row","id","distance"}]}]}</c>.
    /// </summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>
/// Top-K Hamming search of a database code set (<see cref="HammingSearch"/>, ties by row as in evaluation), with queries
/// given as codes or as images encoded by a trained run.
/// </summary>
public static class CodeSearch
{
    /// <summary>Searches <paramref name="database"/> for each of <paramref name="queries"/> (named by <paramref name="names"/>).</summary>
    public static SearchResult Run(CodeSet database, HashCodes queries, IReadOnlyList<string> names, int top)
    {
        if (database.Codes.Count == 0) throw new InvalidInputException("--codes: the database holds no codes");
        var neighbours = HammingSearch.TopK(queries, database.Codes, top);
        var results = neighbours.Select((hits, q) => new SearchQuery(names[q],
            [.. hits.Select(h => new SearchHit(h.Rank, h.Row, database.Ids?[h.Row], h.Distance))])).ToArray();
        return new SearchResult(database.Codes.Count, database.Codes.Bits, top, results);
    }

    /// <summary>The codes of the image files <paramref name="images"/> under the run in <paramref name="runDirectory"/>.</summary>
    public static HashCodes EncodeImages(string runDirectory, IReadOnlyList<string> images)
    {
        using var run = TrainedRun.Open(runDirectory);
        var selection = ImageSelection.FromPaths(new ImageSource("files", null, null, null, null, null), images);
        return RunEncoding.Encode(run, selection, ShardSpec.Whole, packed: false).Codes;
    }
}
