using System.Text.Json;
using Dsch.Data;
using Dsch.Experiments;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Training;

/// <summary>
/// Checkpoints of a run: after each epoch, the model's state dict and the optimiser's state (t, m, v) as
/// <c>.npy</c> files in <c>checkpoints/epoch-NNN/</c>, then <c>checkpoint.json</c> is switched to it atomically.
/// A reader only ever follows <c>checkpoint.json</c>, so a half-written checkpoint is never used.
/// </summary>
public static class Checkpoint
{
    const string Pointer = "checkpoint.json";

    /// <summary>What a checkpoint restores.</summary>
    /// <param name="CompletedEpochs">Epochs finished (training resumes at this 0-based epoch).</param>
    /// <param name="OptimizerSteps">Optimiser steps completed.</param>
    /// <param name="History">Per-epoch records so far.</param>
    public sealed record Saved(int CompletedEpochs, long OptimizerSteps, IReadOnlyList<EpochRecord> History);

    /// <summary>Saves the state after <paramref name="completedEpochs"/> epochs; keeps only the newest checkpoint.</summary>
    public static void Save(string runDirectory, nn.Module model, AdamOptimizer optimizer, int completedEpochs,
        IReadOnlyList<EpochRecord> history)
    {
        var name = $"epoch-{completedEpochs:D3}";
        var folder = Path.Combine(runDirectory, "checkpoints", name);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        foreach (var (key, tensor) in model.state_dict())
            WriteTensor(Path.Combine(folder, $"model.{key}.npy"), tensor);
        var (steps, first, second) = optimizer.SaveState();
        for (int i = 0; i < first.Length; i++)
        {
            WriteTensor(Path.Combine(folder, $"adam.m.{i}.npy"), first[i]);
            WriteTensor(Path.Combine(folder, $"adam.v.{i}.npy"), second[i]);
        }
        var pointer = new { folder = name, completedEpochs, optimizerSteps = steps, moments = first.Length, history };
        AtomicFile.WriteAllText(Path.Combine(runDirectory, Pointer), JsonSerializer.Serialize(pointer, JsonOptions));
        foreach (var old in Directory.GetDirectories(Path.Combine(runDirectory, "checkpoints")))
            if (Path.GetFileName(old) != name) Directory.Delete(old, recursive: true);
    }

    /// <summary>True when <paramref name="runDirectory"/> holds a checkpoint.</summary>
    public static bool Exists(string runDirectory) => File.Exists(Path.Combine(runDirectory, Pointer));

    /// <summary>Restores model and optimiser from the newest checkpoint; errors name the file at fault.</summary>
    public static Saved Load(string runDirectory, nn.Module model, AdamOptimizer optimizer)
    {
        var (pointer, folder) = LoadModel(runDirectory, model, "nothing to resume");
        var first = Enumerable.Range(0, pointer.Moments).Select(i => ReadTensor(Path.Combine(folder, $"adam.m.{i}.npy"), null)).ToList();
        var second = Enumerable.Range(0, pointer.Moments).Select(i => ReadTensor(Path.Combine(folder, $"adam.v.{i}.npy"), null)).ToList();
        optimizer.LoadState(pointer.OptimizerSteps, first, second);
        foreach (var t in first.Concat(second)) t.Dispose();
        return new Saved(pointer.CompletedEpochs, pointer.OptimizerSteps, pointer.History);
    }

    /// <summary>
    /// Restores only the model's weights from the newest checkpoint (for encoding with a trained run); returns the
    /// files they came from, in state-dict order. A weight whose shape differs from the model's (another code length,
    /// another backbone) is an error naming the file.
    /// </summary>
    public static IReadOnlyList<string> LoadModel(string runDirectory, nn.Module model)
    {
        var (_, folder) = LoadModel(runDirectory, model, "no trained model in this folder");
        return [.. model.state_dict().Keys.Select(key => ModelFile(folder, key))];
    }

    static (PointerFile Pointer, string Folder) LoadModel(string runDirectory, nn.Module model, string whenMissing)
    {
        var pointerPath = Path.Combine(runDirectory, Pointer);
        if (!File.Exists(pointerPath)) throw new InvalidInputException($"{runDirectory}: no {Pointer} — {whenMissing}");
        PointerFile pointer;
        try
        {
            pointer = JsonSerializer.Deserialize<PointerFile>(File.ReadAllText(pointerPath), JsonOptions)
                      ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw InvalidInputException.At(pointerPath, null, $"unreadable checkpoint pointer ({e.Message})");
        }
        if (string.IsNullOrEmpty(pointer.Folder) || pointer.Folder != Path.GetFileName(pointer.Folder))
            throw InvalidInputException.At(pointerPath, null, $"checkpoint folder '{pointer.Folder}' is not a plain folder name");
        var folder = Path.Combine(runDirectory, "checkpoints", pointer.Folder);
        using (no_grad())
        {
            foreach (var (key, tensor) in model.state_dict())
            {
                using var saved = ReadTensor(ModelFile(folder, key), tensor.shape);
                tensor.copy_(saved);
            }
        }
        return (pointer, folder);
    }

    static string ModelFile(string folder, string key) => Path.Combine(folder, $"model.{key}.npy");

    static void WriteTensor(string path, Tensor tensor)
    {
        var cpu = tensor.detach().cpu().to(ScalarType.Float32).contiguous();
        NpyFile.Write(path, cpu.data<float>().ToArray(), cpu.shape.Select(d => (int)d).ToArray());
    }

    static Tensor ReadTensor(string path, long[]? expectedShape)
    {
        var array = NpyFile.Read(path);
        var shape = array.Shape.Select(d => (long)d).ToArray();
        if (expectedShape is not null && !shape.SequenceEqual(expectedShape))
            throw InvalidInputException.At(path, null, $"shape ({string.Join(", ", shape)}) does not match the model's ({string.Join(", ", expectedShape)})");
        return tensor(array.ToFloats(), shape);
    }

    static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    sealed record PointerFile(string Folder, int CompletedEpochs, long OptimizerSteps, int Moments, List<EpochRecord> History);
}
