using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dsch.IO;

/// <summary>
/// The one JSON policy of the files the project writes about a run or a grid (<c>config.json</c>, <c>grid.json</c>,
/// <c>cells/*.json</c>, <c>timing.json</c>, <c>data.json</c>, a code manifest): camelCase properties, camelCase enum
/// names, two-space indentation, and NaN/Infinity as named literals (a metric of an empty set is NaN, not an error).
/// </summary>
/// <remarks>
/// Readers take enum names in any case, so files written before this policy (PascalCase enums) still read; property
/// names of older files are translated by their format's migration (<c>Training.ConfigFormat</c>), not here.
/// Files whose keys are a published contract of their own keep it: <c>metrics.jsonl</c> and the feature cache
/// manifest (snake_case, read by tools and notebooks) and <c>provenance.json</c>.
/// </remarks>
public static class JsonFiles
{
    /// <summary>The shared serializer options; never modify them (they are frozen on first use).</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>The text of <paramref name="value"/> under the policy.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
