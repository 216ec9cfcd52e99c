using System.CommandLine;
using System.Globalization;
using Dsch.Retrieval;

namespace Dsch.Cli.Commands;

/// <summary>
/// <c>dsch evaluate</c>: mAP@K (exact tie-break and tie-aware) and precision within radius 2 of query
/// codes against database codes, from <c>.npy</c> files. The <c>--json</c> output is a stable contract
/// other tools parse: one object
/// <c>{"queries","database","bits","map":{K:…},"map_tie_aware":{K:…},"precision_radius2","seconds"}</c>.
/// </summary>
static class EvaluateCommand
{
    public static Command Create()
    {
        var queryCodes = new Option<string>("--query-codes") { Description = "Query codes .npy: 2-D float/int (sign taken) or uint8/bool 0/1 bits.", Required = true };
        var databaseCodes = new Option<string>("--database-codes") { Description = "Database codes .npy, same format.", Required = true };
        var queryLabels = new Option<string>("--query-labels") { Description = "Query labels .npy: 1-D class ids or 2-D 0/1 multi-hot.", Required = true };
        var databaseLabels = new Option<string>("--database-labels") { Description = "Database labels .npy, same format.", Required = true };
        var topK = new Option<string>("--topk") { Description = "Comma-separated cut-offs K for mAP@K; 'all' = whole database.", DefaultValueFactory = _ => "1000,5000,all" };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object." };
        var command = new Command("evaluate", "Hamming-ranking mAP@K (and tie-aware mAP, precision within radius 2) of query vs database codes.")
        {
            queryCodes, databaseCodes, queryLabels, databaseLabels, topK, json,
        };
        command.SetAction(parse => CliExit.Guard(() => Run(
            parse.GetValue(queryCodes)!, parse.GetValue(databaseCodes)!, parse.GetValue(queryLabels)!, parse.GetValue(databaseLabels)!,
            ParseTopK(parse.GetValue(topK)!), parse.GetValue(json))));
        return command;
    }

    /// <summary>"1000,5000,all" → [1000, 5000, All]; anything else is an error naming --topk.</summary>
    internal static int[] ParseTopK(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new InvalidInputException("--topk: give at least one cut-off, e.g. 1000,5000,all");
        return parts.Select(part =>
            part.Equals("all", StringComparison.OrdinalIgnoreCase) ? RetrievalOptions.All
            : int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k >= 1 ? k
            : throw new InvalidInputException($"--topk: '{part}' is neither a positive integer nor 'all'")).Distinct().ToArray();
    }

    static int Run(string queryCodesPath, string databaseCodesPath, string queryLabelsPath, string databaseLabelsPath, int[] topK, bool asJson)
    {
        var queries = RetrievalFiles.ReadCodes(queryCodesPath);
        var database = RetrievalFiles.ReadCodes(databaseCodesPath);
        var (queryLabels, databaseLabels) = RetrievalFiles.ReadLabels(queryLabelsPath, databaseLabelsPath);
        RetrievalFiles.CheckConsistent(queryCodesPath, queries, databaseCodesPath, database, queryLabelsPath, queryLabels, databaseLabelsPath, databaseLabels);
        var report = HammingRetrieval.Evaluate(queries, database, Relevance.Between(queryLabels, databaseLabels),
            RetrievalOptions.MapOnly(topK));
        if (asJson)
        {
            Console.WriteLine(RetrievalReportJson.Contract(report));
            return CliExit.Success;
        }
        Console.WriteLine($"queries {report.Queries}, database {report.Database}, bits {report.Bits}");
        foreach (var (label, value) in report.MapAtK)
            Console.WriteLine($"mAP@{label,-6} {value:F4}   tie-aware {report.TieAwareMapAtK[label]:F4}");
        Console.WriteLine($"precision within radius 2: {report.PrecisionRadius2:F4}");
        Console.WriteLine($"evaluated in {report.Seconds:F3} s");
        return CliExit.Success;
    }
}
