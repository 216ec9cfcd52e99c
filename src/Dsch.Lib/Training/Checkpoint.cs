using System.Text.Json;
using Dsch.Data;
using Dsch.Features;
using Dsch.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Training;

/// <summary>
/// Checkpoints of a run: after each epoch, the model's state dict and the optimiser's state (t, m, v) as
/// <c>.npy</c> files in <c>checkpoints/epoch-NNN/</c>, then <c>checkpoint.json</c> is switched to it atomically.
/// A reader only ever follows <c>checkpoint.json</c>, so a half-written checkpoint is never used. The pointer lists the
/// SHA-256 of every checkpoint file; <see cref="Load"/> verifies each on the bytes it then parses, so a flipped byte
/// makes <c>--resume</c> refuse the run (exit 2 naming the file) instead of continuing silently from altered weights.
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
    public static void Save(string runDirectory, nn.Module model, TrainingOptimizer optimizer, int completedEpochs,
        IReadOnlyList<EpochRecord> history)
    {
        var name = $"epoch-{completedEpochs:D3}";
        var folder = Path.Combine(runDirectory, "checkpoints", name);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var sha256 = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Write(string file, Tensor tensor)
        {
            var path = Path.Combine(folder, file);
            WriteTensor(path, tensor);
            sha256[file] = FeatureCacheManifest.HashFile(path);
        }
        foreach (var (key, tensor) in model.state_dict()) Write($"model.{key}.npy", tensor);
        var (steps, first, second) = optimizer.SaveState();
        for (int i = 0; i < first.Length; i++)
        {
            Write($"adam.m.{i}.npy", first[i]);
            Write($"adam.v.{i}.npy", second[i]);
        }
        var pointer = new { folder = name, completedEpochs, optimizerSteps = steps, moments = first.Length, sha256, history };
        AtomicFile.WriteAllText(Path.Combine(runDirectory, Pointer), JsonSerializer.Serialize(pointer, JsonOptions));
        foreach (var old in Directory.GetDirectories(Path.Combine(runDirectory, "checkpoints")))
            if (Path.GetFileName(old) != name) Directory.Delete(old, recursive: true);
    }

    /// <summary>True when <paramref name="runDirectory"/> holds a checkpoint.</summary>
    public static bool Exists(string runDirectory) => File.Exists(Path.Combine(runDirectory, Pointer));

    /// <summary>Epochs the newest checkpoint completed (0 without a checkpoint), read from the pointer alone.</summary>
    public static int CompletedEpochs(string runDirectory)
    {
        var pointerPath = Path.Combine(runDirectory, Pointer);
        if (!File.Exists(pointerPath)) return 0;
        try
        {
            var pointer = JsonSerializer.Deserialize<PointerFile>(Dsch.IO.InputFile.ReadAllText(pointerPath, 64L << 20, "checkpoint pointer"), JsonOptions)
                          ?? throw new JsonException("empty");
            return pointer.CompletedEpochs >= 0 ? pointer.CompletedEpochs
                : throw InvalidInputException.At(pointerPath, "completedEpochs", $"{pointer.CompletedEpochs} is negative");
        }
        catch (JsonException e)
        {
            throw InvalidInputException.At(pointerPath, null, $"unreadable checkpoint pointer ({e.Message})");
        }
    }

    /// <summary>Restores model and optimiser from the newest checkpoint; errors name the file at fault.</summary>
    public static Saved Load(string runDirectory, nn.Module model, TrainingOptimizer optimizer)
    {
        var (pointer, verified) = LoadModel(runDirectory, model, "nothing to resume");
        var first = Enumerable.Range(0, pointer.Moments).Select(i => ReadTensor(verified, $"adam.m.{i}.npy", null)).ToList();
        var second = Enumerable.Range(0, pointer.Moments).Select(i => ReadTensor(verified, $"adam.v.{i}.npy", null)).ToList();
        optimizer.LoadState(pointer.OptimizerSteps, first, second);
        foreach (var t in first.Concat(second)) t.Dispose();
        return new Saved(pointer.CompletedEpochs, pointer.OptimizerSteps, pointer.History);
    }

    /// <summary>
    /// Restores only the model's weights from the newest checkpoint (for encoding with a trained run); returns the
    /// files they came from, in state-dict order. A weight whose shape differs from the model's (another code length,
    /// another backbone), or whose bytes differ from the recorded SHA-256, is an error naming the file.
    /// </summary>
    public static IReadOnlyList<string> LoadModel(string runDirectory, nn.Module model)
    {
        var (_, verified) = LoadModel(runDirectory, model, "no trained model in this folder");
        return [.. model.state_dict().Keys.Select(key => verified.PathOf(ModelFile(key)))];
    }

    static (PointerFile Pointer, VerifiedFiles Files) LoadModel(string runDirectory, nn.Module model, string whenMissing)
    {
        var pointerPath = Path.Combine(runDirectory, Pointer);
        if (!File.Exists(pointerPath)) throw new InvalidInputException($"{runDirectory}: no {Pointer} — {whenMissing}");
        PointerFile pointer;
        try
        {
            pointer = JsonSerializer.Deserialize<PointerFile>(Dsch.IO.InputFile.ReadAllText(pointerPath, 64L << 20, "checkpoint pointer"), JsonOptions)
                      ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw InvalidInputException.At(pointerPath, null, $"unreadable checkpoint pointer ({e.Message})");
        }
        if (pointer.Folder is null || Path.GetFileName(pointer.Folder) != pointer.Folder || !pointer.Folder.StartsWith("epoch-", StringComparison.Ordinal))
            throw InvalidInputException.At(pointerPath, "folder", $"'{PathText.Quote(pointer.Folder ?? "")}' is not a checkpoint folder name");
        if (pointer.Sha256 is null)
            throw InvalidInputException.At(pointerPath, null, "the checkpoint lists no SHA-256 checksums (written by an older version); it cannot be verified, start the run again");
        var folder = Path.Combine(runDirectory, "checkpoints", pointer.Folder);
        var verified = new VerifiedFiles(folder, pointer.Sha256, pointerPath);
        using (no_grad())
        {
            foreach (var (key, tensor) in model.state_dict())
            {
                using var saved = ReadTensor(verified, ModelFile(key), tensor.shape);
                tensor.copy_(saved);
            }
        }
        return (pointer, verified);
    }

    static string ModelFile(string key) => $"model.{key}.npy";

    static void WriteTensor(string path, Tensor tensor)
    {
        var cpu = tensor.detach().cpu().to(ScalarType.Float32).contiguous();
        NpyFile.Write(path, cpu.data<float>().ToArray(), cpu.shape.Select(d => (int)d).ToArray());
    }

    /// <summary>Reads checkpoint files only after their bytes matched the SHA-256 the pointer recorded.</summary>
    sealed class VerifiedFiles(string folder, IReadOnlyDictionary<string, string> sha256, string pointerPath)
    {
        public string PathOf(string file) => Path.Combine(folder, file);

        public NpyArray Read(string file, out string path)
        {
            path = PathOf(file);
            if (!sha256.TryGetValue(file, out var expected))
                throw InvalidInputException.At(pointerPath, null, $"{file} is not in the checkpoint's checksum list (the checkpoint does not match this model)");
            var bytes = Dsch.IO.InputFile.ReadAllBytes(path, what: "checkpoint file");
            if (!string.Equals(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)), expected, StringComparison.OrdinalIgnoreCase))
                throw InvalidInputException.At(path, null, "SHA-256 differs from the checkpoint's record (file altered or damaged); the run cannot resume bit-exactly");
            return NpyFile.Read(new MemoryStream(bytes), path);
        }
    }

    static Tensor ReadTensor(VerifiedFiles files, string file, long[]? expectedShape)
    {
        var array = files.Read(file, out var path);
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

    sealed record PointerFile(string Folder, int CompletedEpochs, long OptimizerSteps, int Moments, Dictionary<string, string>? Sha256, List<EpochRecord> History);
}
