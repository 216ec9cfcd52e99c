using System.Text.Json;
using Dsch.Retrieval;

namespace Dsch.Inference;

/// <summary>A query and its neighbours, best first.</summary>
/// <param name="Query">The query image's path, or <c>row N</c> of the query codes.</param>
/// <param name="Hits">The top-K.</param>
public sealed record SearchQuery(string Query, IReadOnlyList<Neighbour> Hits);

/// <summary>The answer of <c>dsch search</c> and of the notebooks' <c>Lab.Search</c>.</summary>
/// <param name="DatabaseRows">Rows in the database.</param>
/// <param name="Bits">Code length L.</param>
/// <param name="Top">K asked for.</param>
/// <param name="Queries">One entry per query.</param>
/// <param name="Ids">Id of each database row (image path or dataset index), null without an ids file.</param>
public sealed record SearchResult(int DatabaseRows, int Bits, int Top, IReadOnlyList<SearchQuery> Queries, IReadOnlyList<string>? Ids)
{
    /// <summary>The id of <paramref name="hit"/>'s row, null without an ids file.</summary>
    public string? IdOf(Neighbour hit) => Ids?[hit.Row];

    /// <summary>
    /// The stable JSON contract: <c>{"database_rows","bits","top","queries":[{"query","hits":[{"rank","row","id","distance"}]}]}</c>.
    /// </summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteStart(writer, DatabaseRows, Bits, Top);
            foreach (var query in Queries) WriteQuery(writer, query, Ids);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes <see cref="ToJson"/>'s bytes and a line end to <paramref name="output"/>, query by query.</summary>
    public void WriteJson(Stream output)
    {
        using var writer = new Utf8JsonWriter(output);
        WriteStart(writer, DatabaseRows, Bits, Top);
        foreach (var query in Queries)
        {
            WriteQuery(writer, query, Ids);
            writer.Flush();
        }
        WriteEnd(writer, output);
    }

    internal static void WriteStart(Utf8JsonWriter writer, int databaseRows, int bits, int top)
    {
        writer.WriteStartObject();
        writer.WriteNumber("database_rows", databaseRows);
        writer.WriteNumber("bits", bits);
        writer.WriteNumber("top", top);
        writer.WriteStartArray("queries");
    }

    internal static void WriteQuery(Utf8JsonWriter writer, SearchQuery query, IReadOnlyList<string>? ids)
    {
        writer.WriteStartObject();
        writer.WriteString("query", query.Query);
        writer.WriteStartArray("hits");
        foreach (var hit in query.Hits)
        {
            writer.WriteStartObject();
            writer.WriteNumber("rank", hit.Rank);
            writer.WriteNumber("row", hit.Row);
            writer.WriteString("id", ids?[hit.Row]);
            writer.WriteNumber("distance", hit.Distance);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    internal static void WriteEnd(Utf8JsonWriter writer, Stream output)
    {
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        output.Write("\n"u8);
        output.Flush();
    }
}

/// <summary>
/// Top-K Hamming search of a database code set (<see cref="HammingRanking"/>, ties by row as in evaluation), with queries
/// given as codes or as images encoded by a trained run.
/// </summary>
public static class CodeSearch
{
    /// <summary>Searches <paramref name="database"/> for each of <paramref name="queries"/> (named by <paramref name="names"/>).</summary>
    public static SearchResult Run(CodeSet database, HashCodes queries, IReadOnlyList<string> names, int top)
    {
        if (database.Codes.Count == 0) throw new InvalidInputException("--codes: the database holds no codes");
        var neighbours = HammingRanking.TopK(queries, database.Codes, top);
        var results = neighbours.Select((hits, q) => new SearchQuery(names[q], hits)).ToArray();
        return new SearchResult(database.Codes.Count, database.Codes.Bits, top, results, database.Ids);
    }

    /// <summary>
    /// As <see cref="Run"/> followed by <see cref="SearchResult.WriteJson"/>, for query codes named <c>row N</c>, but a
    /// block of queries at a time: memory stays bounded by the block, whatever the number of queries times K.
    /// </summary>
    public static void WriteJson(CodeSet database, HashCodes queries, int top, Stream output)
    {
        if (database.Codes.Count == 0) throw new InvalidInputException("--codes: the database holds no codes");
        const int Block = 64;
        using var writer = new Utf8JsonWriter(output);
        SearchResult.WriteStart(writer, database.Codes.Count, database.Codes.Bits, top);
        for (int start = 0; start < queries.Count; start += Block)
        {
            var rows = Enumerable.Range(start, Math.Min(Block, queries.Count - start)).ToArray();
            var neighbours = HammingRanking.TopK(queries.Select(rows), database.Codes, top);
            for (int i = 0; i < rows.Length; i++)
            {
                SearchResult.WriteQuery(writer, new SearchQuery($"row {rows[i]}", neighbours[i]), database.Ids);
                writer.Flush();                                                   // the writer buffers until flushed
            }
        }
        SearchResult.WriteEnd(writer, output);
    }

    /// <summary>
    /// Refuses query codes that cannot be compared with <paramref name="database"/>: another code length, or (when both
    /// carry a manifest) codes encoded by another run — their Hamming distances would compare unrelated bits.
    /// </summary>
    public static void RequireSameRun(CodeSet database, CodeSet queries, string queriesPath, string databasePath)
    {
        if (queries.Codes.Bits != database.Codes.Bits)
            throw new InvalidInputException($"--query-codes {PathText.Quote(queriesPath)}: {queries.Codes.Bits}-bit codes but the database holds {database.Codes.Bits}-bit codes: codes of another run");
        if (queries.Manifest is { } q && database.Manifest is { } d && q.RunFingerprint != d.RunFingerprint)
            throw new InvalidInputException($"--query-codes {PathText.Quote(queriesPath)} was encoded by another run ({q.Run}) than --codes {PathText.Quote(databasePath)} ({d.Run}; run fingerprints differ)");
    }

    /// <summary>Searches <paramref name="database"/> for every row of <paramref name="queries"/> (named <c>row N</c>);
    /// check them with <see cref="RequireSameRun"/> first.</summary>
    public static SearchResult SearchCodes(CodeSet database, HashCodes queries, int top) =>
        Run(database, queries, [.. Enumerable.Range(0, queries.Count).Select(r => $"row {r}")], top);

    /// <summary>
    /// Encodes <paramref name="queryImage"/> with the run in <paramref name="runDirectory"/> and searches
    /// <paramref name="database"/>; a run of another code length than the database's, or another run than the one its
    /// manifest names (when it has one), is an error.
    /// </summary>
    public static SearchResult SearchImage(CodeSet database, string queryImage, string runDirectory, int top)
    {
        if (top < 1) throw new InvalidInputException($"--top {top}: must be at least 1");
        HashCodes query;
        using (var run = TrainedRun.Open(runDirectory))
        {
            if (run.Bits != database.Codes.Bits)
                throw new InvalidInputException($"--run {runDirectory} makes {run.Bits}-bit codes but the database holds {database.Codes.Bits}-bit codes: codes of another run");
            if (database.Manifest is { } manifest && manifest.RunFingerprint != run.Fingerprint)
                throw new InvalidInputException($"--run {runDirectory} is another run than the one that encoded the database ({manifest.Run}; run fingerprints differ)");
            var selection = ImageSelection.FromPaths(new ImageSource("files", null, null, null, null, null), [queryImage]);
            query = RunEncoding.Encode(run, selection, ShardSpec.Whole, packed: false).Codes;
        }
        return Run(database, query, [Path.GetFullPath(queryImage)], top);
    }
}
