using System.Text;
using System.Text.Json;
using Dsch.IO;

namespace Dsch.Training;

/// <summary><c>metrics.jsonl</c>: one JSON object per epoch, rewritten atomically after each epoch.</summary>
public static class MetricsLog
{
    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes every record, one per line.</summary>
    public static void Write(string runDirectory, IEnumerable<EpochRecord> records)
    {
        var text = new StringBuilder();
        foreach (var record in records) text.Append(JsonSerializer.Serialize(record, Options)).Append('\n');
        AtomicFile.WriteAllText(Path.Combine(runDirectory, "metrics.jsonl"), text.ToString());
    }

    /// <summary>Reads <c>metrics.jsonl</c>; a malformed line is an error naming it.</summary>
    public static List<EpochRecord> Read(string runDirectory)
    {
        var path = Path.Combine(runDirectory, "metrics.jsonl");
        var records = new List<EpochRecord>();
        int line = 0;
        foreach (var text in Dsch.IO.InputFile.ReadLines(path, what: "metrics log"))
        {
            line++;
            if (text.Length == 0) continue;
            try
            {
                records.Add(JsonSerializer.Deserialize<EpochRecord>(text, Options) ?? throw new JsonException("null"));
            }
            catch (JsonException e)
            {
                throw InvalidInputException.At(path, $"line {line}", e.Message);
            }
        }
        return records;
    }
}
