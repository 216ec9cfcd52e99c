using System.Text.Json;
using System.Text.Json.Serialization;
using Dsch.IO;

namespace Dsch.Inference;

/// <summary>Which rows of the whole selection a code file holds.</summary>
/// <param name="Index">Shard I (1-based).</param>
/// <param name="Count">Shards N.</param>
/// <param name="Start">First row of the selection held here.</param>
/// <param name="End">One past the last row.</param>
/// <param name="Total">Rows of the whole selection.</param>
public sealed record ShardRows(int Index, int Count, int Start, int End, int Total);

/// <summary>
/// What a code file written by <c>dsch encode</c> holds, written beside it as <c>NAME.manifest.json</c>: the run
/// (folder and fingerprint), the code length and layout, the image source with the fingerprint of its whole id list,
/// and the shard. <c>dsch codes merge</c> uses it to refuse shards that are missing, repeated or of another run.
/// </summary>
/// <param name="Format">Manifest format version (1).</param>
/// <param name="Run">The run folder as given.</param>
/// <param name="RunFingerprint">SHA-256 of the run's config and weights (<see cref="TrainedRun.Fingerprint"/>).</param>
/// <param name="Bits">Code length L.</param>
/// <param name="Packed">True: uint8 (rows, L/8) in numpy.packbits layout; false: int8 (rows, L) of ±1.</param>
/// <param name="Rows">Rows in the code file.</param>
/// <param name="Source">Where the images come from.</param>
/// <param name="SelectionFingerprint">SHA-256 of the whole selection's ids (<see cref="ImageSelection.Fingerprint"/>).</param>
/// <param name="Shard">The rows held.</param>
public sealed record CodeManifest(int Format, string Run, string RunFingerprint, int Bits, bool Packed, int Rows,
    ImageSource Source, string SelectionFingerprint, ShardRows Shard)
{
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The file the manifest was read from (null for one made in memory), so that a value of it is reported against the file.</summary>
    [JsonIgnore]
    public string? ReadFrom { get; init; }

    /// <summary>Writes the manifest atomically as a new file (an existing one is never replaced; <paramref name="option"/> names it).</summary>
    public void Write(string path, string option) => AtomicFile.WriteNewText(path, option, JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>Reads a manifest; unreadable JSON or missing fields are errors naming the file.</summary>
    public static CodeManifest Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{PathText.Quote(path)}: not found (written by dsch encode beside its codes)");
        CodeManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<CodeManifest>(Dsch.IO.InputFile.ReadAllText(path, 16L << 20, "code manifest"), Json);
        }
        catch (JsonException e)
        {
            throw InvalidInputException.At(path, e.LineNumber is long line ? $"line {line + 1}" : null, $"unreadable code manifest ({e.Message})");
        }
        if (manifest is null || manifest.Format != 1 || manifest.Source is null || manifest.Shard is null || manifest.RunFingerprint is null
            || manifest.SelectionFingerprint is null || manifest.Bits < 1 || manifest.Rows < 0
            || manifest.Shard.End - manifest.Shard.Start != manifest.Rows)
            throw InvalidInputException.At(path, null, "not a version-1 code manifest of dsch encode (fields missing or inconsistent)");
        return manifest with { ReadFrom = path };
    }
}
