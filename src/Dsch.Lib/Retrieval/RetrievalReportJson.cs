using System.Text.Json;

namespace Dsch.Retrieval;

/// <summary>
/// The JSON forms of a <see cref="RetrievalReport"/>: the stable <c>dsch evaluate --json</c> contract
/// (<see cref="Contract"/>), and the same object with the curves added (<see cref="Full"/>) for result files.
/// </summary>
public static class RetrievalReportJson
{
    /// <summary>
    /// <c>{"queries":n,"database":m,"bits":L,"map":{K:…},"map_tie_aware":{K:…},"precision_radius2":…,"seconds":…}</c>
    /// on one line — the contract other tools parse; keys and their order are stable.
    /// </summary>
    public static string Contract(RetrievalReport report) => JsonSerializer.Serialize(ContractFields(report));

    /// <summary>
    /// The contract fields plus <c>"precision_recall_by_radius":[{"radius","precision","recall"}…]</c>
    /// and <c>"precision_recall_at_n":[{"n","precision","recall"}…]</c>, indented.
    /// </summary>
    public static string Full(RetrievalReport report)
    {
        var fields = ContractFields(report);
        fields["precision_recall_by_radius"] = report.PrecisionRecallByRadius
            .Select(p => new Dictionary<string, object> { ["radius"] = p.Radius, ["precision"] = p.Precision, ["recall"] = p.Recall }).ToArray();
        fields["precision_recall_at_n"] = report.PrecisionRecallAtN
            .Select(p => new Dictionary<string, object> { ["n"] = p.N, ["precision"] = p.Precision, ["recall"] = p.Recall }).ToArray();
        return JsonSerializer.Serialize(fields, new JsonSerializerOptions { WriteIndented = true });
    }

    static Dictionary<string, object> ContractFields(RetrievalReport report) => new()
    {
        ["queries"] = report.Queries,
        ["database"] = report.Database,
        ["bits"] = report.Bits,
        ["map"] = report.MapAtK,
        ["map_tie_aware"] = report.TieAwareMapAtK,
        ["precision_radius2"] = report.PrecisionRadius2,
        ["seconds"] = report.Seconds,
    };
}
