using System.Text.Json;
using System.Text.Json.Nodes;
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

    static JsonSerializerOptions Json => JsonFiles.Options;

    /// <summary>The file's format (<see cref="ConfigFormat"/>), written first; older files are migrated when read.</summary>
    [JsonPropertyOrder(-1)]
    public int FormatVersion => ConfigFormat.Version;

    /// <summary>True when <paramref name="folder"/> already holds a run (its <c>config.json</c>).</summary>
    public static bool ExistsIn(string folder) => File.Exists(Path.Combine(folder, FileName));

    /// <summary>The text of <c>config.json</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Writes <c>config.json</c> atomically.</summary>
    public void WriteTo(string runDirectory) => AtomicFile.WriteAllText(Path.Combine(runDirectory, FileName), ToJson());

    /// <summary>
    /// True when <paramref name="runDirectory"/> holds a readable <c>config.json</c> (of any format version) that
    /// describes the same run as <paramref name="config"/>.
    /// </summary>
    public static bool Holds(string runDirectory, RunConfig config)
    {
        if (!ExistsIn(runDirectory)) return false;
        try { return ReadFrom(runDirectory).ToJson() == config.ToJson(); }
        catch (InvalidInputException) { return false; }
    }

    /// <summary>Reads <c>config.json</c> of a run directory; errors name the file.</summary>
    public static RunConfig ReadFrom(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path)) throw new InvalidInputException($"{PathText.Quote(path)}: not found — is {PathText.Quote(runDirectory)} a training run directory?");
        try
        {
            var document = JsonNode.Parse(Dsch.IO.InputFile.ReadAllText(path, 1 << 20, "run configuration")) as JsonObject
                           ?? throw new JsonException("not a JSON object");
            var config = ConfigFormat.Migrate(document, path).Deserialize<RunConfig>(Json) ?? throw new JsonException("empty document");
            return config.CheckedAsRead(path);
        }
        catch (JsonException e)
        {
            throw InvalidInputException.At(path, e.LineNumber is long line ? $"line {line + 1}" : null, $"unreadable run configuration ({e.Message})");
        }
    }

    /// <summary>
    /// Every value read from a run folder is checked as strictly as the CLI option it came from, before anything is
    /// sized by it (an edited <c>training.bits</c> of 300000 would otherwise allocate the head first); a refusal names
    /// the file and the JSON key, not the option the value was once given as.
    /// </summary>
    RunConfig CheckedAsRead(string path)
    {
        if (Dataset is null) throw InvalidInputException.At(path, "dataset", "missing");
        if (Features is null) throw InvalidInputException.At(path, "features", "missing");
        if (Training is null) throw InvalidInputException.At(path, "training", "missing");
        if (Training.Loss is null || Training.Components is null || Training.Optimizer is null)
            throw InvalidInputException.At(path, "training", "loss, components or optimizer missing");
        Checked(path, "dataset", () => Data.DatasetLocator.Require(Dataset));
        if (SplitSeed < 0) throw InvalidInputException.At(path, "splitSeed", $"{SplitSeed} is negative");
        Checked(path, "features", () => Features.Validate());
        Checked(path, "training", () => Training.Validate());
        Checked(path, "training.components", () => Training.Components.Validate(long.MaxValue, Training.Bits));
        if (Training.TopK?.Where(k => k < 1).Select(k => (int?)k).FirstOrDefault() is int k) throw InvalidInputException.At(path, "training.topK", $"cut-off {k} must be at least 1");
        return this;
    }

    /// <summary>The config.json key of each option whose range check a value of the file goes through.</summary>
    static readonly Dictionary<string, string> KeyOfOption = new(StringComparer.Ordinal)
    {
        ["dataset:--dataset"] = "dataset",
        ["features:--backbone"] = "features.backbone", ["features:--input-size"] = "features.inputSize",
        ["features:--views"] = "features.views", ["features:--batch-size"] = "features.batchSize",
        ["training:--bits"] = "training.bits", ["training:--epochs"] = "training.epochs", ["training:--batch-size"] = "training.batchSize",
        ["training:--tau"] = "training.loss.tau", ["training:--lambda"] = "training.loss.lambda", ["training:--lr"] = "training.optimizer.lr",
        ["training:--batches"] = "training.mates.batches", ["training:--mates"] = "training.mates.mates",
        ["training:--s-coarse"] = "training.mates.sCoarse", ["training:--s-temperature"] = "training.mates.sTemperature",
        ["training:--warmup"] = "training.mates.warmup",
        ["training.components:--m1"] = "training.components.m1", ["training.components:--m2"] = "training.components.m2",
        ["training.components:--max-iter"] = "training.components.maxIter", ["training.components:--tol"] = "training.components.tol",
    };

    static void Checked(string path, string section, Action check)
    {
        try { check(); }
        catch (InvalidInputException e)
        {
            // The range checks word their messages for the command line ("--bits: …"); here the value came from the file.
            var option = System.Text.RegularExpressions.Regex.Match(e.Message, "^--[a-z0-9-]+");
            var text = option.Success && KeyOfOption.TryGetValue($"{section}:{option.Value}", out var key)
                ? key + e.Message[option.Length..].TrimStart(' ')
                : $"{section}: {e.Message}";
            throw InvalidInputException.At(path, null, text.StartsWith(section, StringComparison.Ordinal) ? text : $"{section}: {text}");
        }
    }
}
