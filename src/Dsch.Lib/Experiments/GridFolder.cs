using System.Text.Json;
using System.Text.Json.Nodes;
using Dsch.Data;
using Dsch.IO;

namespace Dsch.Experiments;

/// <summary>What one finished cell (method × bits × seed) of a grid produced, stored as <c>cells/&lt;cell&gt;.json</c>.</summary>
/// <param name="Method">Method or ablation name.</param>
/// <param name="Bits">Code length.</param>
/// <param name="Seed">Training seed.</param>
/// <param name="Seconds">Wall time of the cell.</param>
/// <param name="EStep">E-step seconds (trained cells).</param>
/// <param name="MStep">M-step seconds (trained cells).</param>
/// <param name="Evaluation">Encoding and evaluation seconds (trained cells).</param>
/// <param name="Rows">Its rows of results.csv.</param>
/// <param name="Curves">Its points of curves.csv.</param>
public sealed record CellResult(string Method, int Bits, long Seed, double Seconds, double EStep, double MStep, double Evaluation,
    IReadOnlyList<ResultRow> Rows, IReadOnlyList<CurvePoint> Curves)
{
    /// <summary>The cell's name, also its run folder's: <c>dsch-32b-s0</c>.</summary>
    public static string NameOf(string method, int bits, long seed) => $"{method}-{bits}b-s{seed}";
}

/// <summary>
/// The results folder of a grid as a resumable store: <c>grid.json</c> holds the resolved configuration the grid was
/// started with, <c>data.json</c> the data it is computed on (<see cref="DataIdentity"/>), <c>cells/</c> one file per finished cell. Started again with the same configuration, a grid reuses its
/// finished cells; with another configuration it is refused, so results of two settings are never mixed.
/// </summary>
public sealed class GridFolder
{
    const string ConfigFile = "grid.json";
    readonly string _folder;

    GridFolder(string folder) => _folder = folder;

    static JsonSerializerOptions Json => JsonFiles.Options;

    /// <summary>
    /// Checks <paramref name="configuration"/> (the grid's resolved configuration as JSON) against the one
    /// <paramref name="folder"/> was started with, without writing: throws <see cref="InvalidInputException"/> naming
    /// the first setting that differs. A folder without <c>grid.json</c> starts a new grid.
    /// </summary>
    /// <remarks>With <paramref name="data"/>, the grid's <c>data.json</c> must record the same data (<see cref="DataIdentity.RequireSame"/>):
    /// finished cells computed on another folder's images are never mixed with new ones.</remarks>
    public static void RequireSameGrid(string folder, string configuration, string option, DataIdentity? data = null)
    {
        if (data is not null) DataIdentity.RequireSame(folder, data, option);
        var path = Path.Combine(folder, ConfigFile);
        if (!File.Exists(path)) return;
        JsonNode? existing;
        try
        {
            existing = JsonNode.Parse(IO.InputFile.ReadAllText(path, 1 << 20, "grid configuration"));
            // A grid started by an older build recorded an older format: compare in today's.
            if (existing is JsonObject document) existing = Training.ConfigFormat.Migrate(document, path);
        }
        catch (JsonException e)
        {
            throw InvalidInputException.At(path, null, $"unreadable grid configuration ({e.Message}); choose another {option}");
        }
        var difference = FirstDifference(existing, JsonNode.Parse(configuration), "");
        if (difference is not null)
            throw new InvalidInputException($"{option} {PathText.Quote(folder)}: holds a grid started with another configuration " +
                                            $"({difference}); choose another {option}, or delete the folder to start over");
    }

    /// <summary>Opens the store after <see cref="RequireSameGrid"/>, recording the configuration if the grid is new. Call under the folder's lock.</summary>
    public static GridFolder Open(string folder, string configuration, DataIdentity? data = null)
    {
        var path = Path.Combine(folder, ConfigFile);
        if (!File.Exists(path)) AtomicFile.WriteAllText(path, configuration);
        data?.RecordIn(folder);
        Directory.CreateDirectory(Path.Combine(folder, "cells"));
        return new GridFolder(folder);
    }

    /// <summary>The stored result of a finished cell, or null; a damaged cell file is an error naming it.</summary>
    public CellResult? Finished(string cell)
    {
        var path = CellPath(cell);
        if (!File.Exists(path)) return null;
        try
        {
            var result = JsonSerializer.Deserialize<CellResult>(IO.InputFile.ReadAllText(path, 256L << 20, "grid cell"), Json);
            if (result is null || CellResult.NameOf(result.Method, result.Bits, result.Seed) != cell || result.Rows is null || result.Curves is null)
                throw new JsonException($"it does not describe cell {cell}");
            return result;
        }
        catch (JsonException e)
        {
            throw InvalidInputException.At(path, null, $"unreadable cell result ({e.Message}); delete it to recompute the cell");
        }
    }

    /// <summary>Records a finished cell (atomically: a cell is either finished or not).</summary>
    public void Save(CellResult result) =>
        AtomicFile.WriteAllText(CellPath(CellResult.NameOf(result.Method, result.Bits, result.Seed)), JsonSerializer.Serialize(result, Json));

    string CellPath(string cell) => Path.Combine(_folder, "cells", cell + ".json");

    static string? FirstDifference(JsonNode? a, JsonNode? b, string path)
    {
        if (a is JsonObject x && b is JsonObject y)
        {
            foreach (var key in x.Select(p => p.Key).Union(y.Select(p => p.Key)))
            {
                var found = FirstDifference(x[key], y[key], path.Length == 0 ? key : $"{path}.{key}");
                if (found is not null) return found;
            }
            return null;
        }
        if (JsonNode.DeepEquals(a, b)) return null;
        string Show(JsonNode? n) => n is null ? "unset" : n.ToJsonString() is var t && t.Length > 60 ? t[..57] + "…" : n.ToJsonString();
        return $"{(path.Length == 0 ? "configuration" : path)}: {Show(a)} then, {Show(b)} now";
    }
}
