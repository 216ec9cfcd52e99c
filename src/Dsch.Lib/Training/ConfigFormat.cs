using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dsch.Training;

/// <summary>
/// The format of the configuration files a run or a grid records (<c>config.json</c> of a run and of a results folder,
/// <c>grid.json</c>): today's files carry <c>"formatVersion": 2</c>; a file without it is version 1 and is migrated on
/// read into today's shape, so old run folders still resume and old grids still continue. The domain records only
/// know today's shape; every compatibility rule lives here.
/// </summary>
/// <remarks>
/// Version 1 (every file written before the version field): the run's <c>config.json</c> and <c>grid.json</c> were
/// camelCase with PascalCase enum names in <c>grid.json</c> (<c>"Diagonal"</c>) and camelCase ones in
/// <c>config.json</c>; a results folder's <c>config.json</c> nested PascalCase options under camelCase keys. Computed
/// members (<c>needsComponents</c>, <c>evaluatedTopK</c>) were written too, and unset options were left out.
/// Version 2: one policy (<see cref="IO.JsonFiles"/>), every option written, nothing computed.
/// </remarks>
public static class ConfigFormat
{
    /// <summary>The version this build writes.</summary>
    public const int Version = 2;

    /// <summary>The key of the version, first in every file of the format.</summary>
    public const string Key = "formatVersion";

    /// <summary>Keys whose values are enum names (camelCase since version 2), by their version 2 names.</summary>
    static readonly HashSet<string> EnumKeys = new(StringComparer.Ordinal) { "covariance", "variant", "mode", "evaluation", "batches" };

    /// <summary>
    /// Version 1's names of options that version 2 spells as their switch (<c>dsch train --s-coarse</c>, the grid item
    /// <c>s-coarse=</c>, the key <c>sCoarse</c>), by "parent.key" (camelCase).
    /// </summary>
    static readonly Dictionary<string, string> RenamedKeys = new(StringComparer.Ordinal)
    {
        ["components.fine"] = "m1", ["components.coarse"] = "m2", ["components.normalizePosteriors"] = "normalize",
        ["optimizer.learningRate"] = "lr",
        ["mates.batching"] = "batches", ["mates.matesPerComponent"] = "mates", ["mates.coarseShare"] = "sCoarse",
        ["mates.posteriorTemperature"] = "sTemperature", ["mates.memory"] = "mateMemory", ["mates.warmupEpochs"] = "warmup",
    };

    /// <summary>Computed members version 1 wrote and version 2 leaves out.</summary>
    static readonly HashSet<string> ComputedKeys = new(StringComparer.Ordinal) { "needsComponents", "evaluatedTopK" };

    /// <summary>
    /// <paramref name="document"/> in today's format: migrated when it is version 1, unchanged when it is today's; a
    /// version this build does not know is refused naming <paramref name="path"/>.
    /// </summary>
    public static JsonObject Migrate(JsonObject document, string path)
    {
        int version = VersionOf(document, path);
        if (version == Version) return document;
        return FromVersion1(document);
    }

    static int VersionOf(JsonObject document, string path)
    {
        if (!document.TryGetPropertyValue(Key, out var node)) return 1;
        if (node is JsonValue value && value.TryGetValue<int>(out var version) && version is >= 1 and <= Version) return version;
        throw InvalidInputException.At(path, Key, $"{node?.ToJsonString() ?? "null"} is not a format this build reads (1 to {Version}); a newer build wrote it?");
    }

    static JsonObject FromVersion1(JsonObject document)
    {
        var migrated = new JsonObject { [Key] = Version };
        foreach (var (key, value) in Migrated(document, ""))
            if (key != Key) migrated[key] = value?.DeepClone();
        if (migrated["training"] is JsonObject training) WithVersion1Defaults(training);
        return migrated;
    }

    /// <summary>
    /// Version 1 left out options that were not given (<c>mates</c>, <c>evaluation</c>) and wrote <c>"topK": null</c>
    /// for the default cut-offs; version 2 writes the values they stood for.
    /// </summary>
    static void WithVersion1Defaults(JsonObject training)
    {
        var defaults = JsonSerializer.SerializeToNode(new TrainingOptions(0, new LossOptions(), new Components.ComponentOptions(), new OptimizerOptions()),
            IO.JsonFiles.Options)!.AsObject();
        foreach (var key in new[] { "topK", "mates", "evaluation" })
            if (training[key] is null) training[key] = defaults[key]!.DeepClone();
    }

    /// <summary>Version 1's members under version 2's names and spellings, recursively.</summary>
    static JsonObject Migrated(JsonObject v1, string parent)
    {
        var v2 = new JsonObject();
        foreach (var (name, value) in v1)
        {
            var camel = JsonNamingPolicy.CamelCase.ConvertName(name);
            if (ComputedKeys.Contains(camel)) continue;
            var key = RenamedKeys.GetValueOrDefault($"{parent}.{camel}", camel);
            v2[key] = value switch
            {
                JsonObject child => Migrated(child, camel),
                JsonValue text when EnumKeys.Contains(key) && text.TryGetValue<string>(out var enumName) => JsonNamingPolicy.CamelCase.ConvertName(enumName),
                _ => value?.DeepClone(),
            };
        }
        return v2;
    }
}
