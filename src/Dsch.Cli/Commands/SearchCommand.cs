using System.CommandLine;
using Dsch.IO;
using Dsch.Inference;
using SixLabors.ImageSharp;

namespace Dsch.Cli.Commands;

/// <summary>
/// <c>dsch search</c>: the top-K database rows by Hamming distance (ties by row, as in evaluation) for a query image
/// encoded by a run, or for every row of a query code file; prints one JSON object (<see cref="SearchResult.ToJson"/>,
/// streamed query by query)
/// and with <c>--montage</c> draws the queries and their neighbours when the images can be found.
/// </summary>
static class SearchCommand
{
    public static Command Create()
    {
        var codes = new Option<string>("--codes") { Description = "Database codes .npy (ids and manifest beside it are used when present).", Required = true };
        var ids = new Option<string?>("--ids") { Description = "Ids of the database rows, one a line (default: CODES.ids.txt when present)." };
        var queryImage = new Option<string?>("--query-image") { Description = "A query image, encoded with --run." };
        var run = new Option<string?>("--run") { Description = "The run that encodes --query-image (the one that made the database codes)." };
        var queryCodes = new Option<string?>("--query-codes") { Description = "Query codes .npy instead: every row is a query." };
        var top = new Option<int>("--top") { Description = "K neighbours per query.", DefaultValueFactory = _ => 10 };
        var montage = new Option<string?>("--montage") { Description = "PNG to write (must not exist): each query, then its neighbours; needs the database's images." };
        var command = new Command("search", "Top-K Hamming neighbours of a query image or query codes in a database code file, as JSON.")
        {
            codes, ids, queryImage, run, queryCodes, top, montage,
        };
        command.SetAction(parse => CliExit.Guard(() => Run(parse.GetValue(codes)!, parse.GetValue(ids), parse.GetValue(queryImage), parse.GetValue(run),
            parse.GetValue(queryCodes), parse.GetValue(top), parse.GetValue(montage))));
        return command;
    }

    static int Run(string codesPath, string? idsPath, string? queryImage, string? run, string? queryCodesPath, int top, string? montagePath)
    {
        if ((queryImage is null) == (queryCodesPath is null)) throw new InvalidInputException("give either --query-image IMG --run DIR or --query-codes Q.npy");
        if (queryImage is not null && run is null) throw new InvalidInputException("--run: required with --query-image (the run encodes the image)");
        if (queryCodesPath is not null && run is not null) throw new InvalidInputException("--run: only with --query-image");
        if (top < 1) throw new InvalidInputException($"--top {top}: must be at least 1");
        if (montagePath is not null) OutputFile.RequireNew("--montage", montagePath);
        var database = CodeSet.Read(codesPath);
        if (idsPath is not null) database = database with { Ids = CodeSet.ReadIds(idsPath, database.Codes.Count) };
        CodeSet? querySet = queryCodesPath is null ? null : CodeSet.Read(queryCodesPath);
        using var stdout = Console.OpenStandardOutput();
        if (montagePath is not null && querySet is { Codes.Count: > SearchMontage.MaxQueries })
            throw new InvalidInputException($"--montage: {querySet.Codes.Count} queries in {PathText.Quote(queryCodesPath!)}; a montage draws at most {SearchMontage.MaxQueries} rows");
        if (querySet is not null) CodeSearch.RequireSameRun(database, querySet, queryCodesPath!, codesPath);
        if (querySet is not null && montagePath is null)
        {
            CodeSearch.WriteJson(database, querySet.Codes, top, stdout);          // streamed: any number of queries × --top
            return CliExit.Success;
        }
        var result = querySet is null
            ? CodeSearch.SearchImage(database, queryImage!, run!, top)
            : CodeSearch.SearchCodes(database, querySet.Codes, top);
        if (montagePath is not null) WriteMontage(montagePath, result, database, queryImage, querySet);
        result.WriteJson(stdout);
        return CliExit.Success;
    }

    static void WriteMontage(string path, SearchResult result, CodeSet database, string? queryImage, CodeSet? querySet)
    {
        using var picture = SearchMontage.Of(result, database, queryImage, querySet);
        AtomicFile.WriteNew(path, "--montage", stream => picture.SaveAsPng(stream));
        Console.Error.WriteLine($"montage: {path}");
    }
}
