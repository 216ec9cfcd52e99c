using System.Text.Json;
using System.Text.Json.Serialization;
using Dsch.Features;
using Dsch.IO;

namespace Dsch.Training;

/// <summary>
/// The resolved configuration of one training run, written as <c>config.json</c> in its run directory and read
/// back by <c>--resume</c>, so a resumed run continues with exactly the options it started with.
/// </summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Root">Dataset folder as given (null: located automatically).</param>
/// <param name="SplitSeed">Split seed.</param>
/// <param name="Features">Backbone, input size, views (frozen mode: the feature cache's options).</param>
/// <param name="Training">Training options.</param>
/// <param name="Method">The trained method's name when it is not the one <paramref name="Training"/> describes (a deep
/// baseline, <see cref="IHashingMethod.Name"/>); null — and left out of the file — for DSCH and the contrastive baseline.</param>
public sealed record RunConfig(string Dataset, string? Root, int SplitSeed, FeatureCacheOptions Features, TrainingOptions Training,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Method = null)
{
    const string FileName = "config.json";

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>True when <paramref name="folder"/> already holds a run (its <c>config.json</c>).</summary>
    public static bool ExistsIn(string folder) => File.Exists(Path.Combine(folder, FileName));

    /// <summary>The text of <c>config.json</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Writes <c>config.json</c> atomically.</summary>
    public void WriteTo(string runDirectory) => AtomicFile.WriteAllText(Path.Combine(runDirectory, FileName), ToJson());

    /// <summary>The text of a run directory's <c>config.json</c> as written (to compare a run with a configuration byte for byte).</summary>
    public static string TextIn(string runDirectory) =>
        Dsch.IO.InputFile.ReadAllText(Path.Combine(runDirectory, FileName), 1 << 20, "run configuration");

    /// <summary>Reads <c>config.json</c> of a run directory; errors name the file.</summary>
    public static RunConfig ReadFrom(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path)) throw new InvalidInputException($"{PathText.Quote(path)}: not found — is {PathText.Quote(runDirectory)} a training run directory?");
        try
        {
            return JsonSerializer.Deserialize<RunConfig>(Dsch.IO.InputFile.ReadAllText(path, 1 << 20, "run configuration"), Json) ?? throw new JsonException("empty document");
        }
        catch (JsonException e)
        {
            throw InvalidInputException.At(path, e.LineNumber is long line ? $"line {line + 1}" : null, $"unreadable run configuration ({e.Message})");
        }
    }
}
