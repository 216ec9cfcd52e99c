using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Dsch.Backbones;

/// <summary>
/// Loads ImageNet VGG-16/19 weights exported from TorchVision into a <see cref="Vgg"/>, strictly.
/// </summary>
/// <remarks>
/// <para>Export in Python (torchvision ≥ 0.13):</para>
/// <code>
/// import torch, torchvision
/// m = torchvision.models.vgg16(weights=torchvision.models.VGG16_Weights.IMAGENET1K_V1)
/// torch.save(m.state_dict(), "vgg16.pth")
/// # or: from safetensors.torch import save_file; save_file(m.state_dict(), "vgg16.safetensors")
/// </code>
/// <para>(<c>vgg19</c> / <c>VGG19_Weights.IMAGENET1K_V1</c> likewise.) Files ending in <c>.safetensors</c>
/// are read as safetensors, anything else as a <c>torch.save</c> zip archive (TorchSharp.PyBridge).
/// A missing, unreadable or mismatched file (missing key, unknown key, wrong shape, NaN) throws
/// <see cref="InvalidInputException"/> naming the file and key; the model is never used with random weights.</para>
/// </remarks>
public static class VggWeights
{
    /// <summary>Creates a VGG of <paramref name="depth"/> (16 or 19) with the weights in <paramref name="path"/>, in eval mode.</summary>
    public static Vgg Load(int depth, string path, int widthDivisor = 1)
    {
        var model = new Vgg(depth, widthDivisor);
        try { LoadInto(model, path); }
        catch { model.Dispose(); throw; }
        model.eval();
        return model;
    }

    /// <summary>Copies the state dict in <paramref name="path"/> into <paramref name="model"/> (strict).</summary>
    public static void LoadInto(Vgg model, string path)
    {
        var values = ReadStateDict(path);
        try { StateDictAssigner.Assign(model, values, path); }
        finally { foreach (var tensor in values.Values) tensor.Dispose(); }
    }

    /// <summary>Reads a <c>.pth</c> (torch.save zip) or <c>.safetensors</c> state dict into name → tensor.</summary>
    public static Dictionary<string, Tensor> ReadStateDict(string path)
    {
        Dsch.IO.InputFile.RequireRegular(path, "weights file");
        try
        {
            if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
                return Safetensors.LoadStateDict(path);
            var table = PyTorchUnpickler.UnpickleStateDict(path);
            var values = new Dictionary<string, Tensor>();
            foreach (DictionaryEntry entry in table)
                values[(string)entry.Key] = entry.Value as Tensor
                    ?? throw InvalidInputException.At(path, $"key '{entry.Key}'", "is not a tensor (save model.state_dict(), not the model)");
            return values;
        }
        catch (Exception error) when (error is not InvalidInputException)
        {
            throw new InvalidInputException($"{path}: not a readable PyTorch state dict ({error.GetType().Name}: {error.Message})", error);
        }
    }
}
