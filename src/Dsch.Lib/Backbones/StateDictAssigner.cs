using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Backbones;

/// <summary>
/// Copies a name → tensor dictionary into a module's parameters and buffers, strictly: every key the
/// module has must be present with the same shape, and no unknown key may be left over. A violation is an
/// <see cref="InvalidInputException"/> naming the weights file and the key — a model is never left with
/// random weights.
/// </summary>
/// <remarks>BatchNorm's <c>num_batches_tracked</c> counter is optional (it does not affect inference).</remarks>
public static class StateDictAssigner
{
    /// <summary>Assigns <paramref name="values"/> (converted to the module's dtype and device) to <paramref name="module"/>.</summary>
    public static void Assign(nn.Module module, IReadOnlyDictionary<string, Tensor> values, string source)
    {
        var target = module.state_dict();
        foreach (var key in values.Keys)
            if (!target.ContainsKey(key))
                throw InvalidInputException.At(source, $"key '{key}'", $"not a parameter or buffer of {module.GetName()} (wrong architecture?)");
        foreach (var (key, tensor) in target)
        {
            if (!values.TryGetValue(key, out var value))
            {
                if (key.EndsWith("num_batches_tracked", StringComparison.Ordinal)) continue;
                throw InvalidInputException.At(source, $"key '{key}'", $"missing (expected shape [{string.Join(", ", tensor.shape)}])");
            }
            if (!value.shape.SequenceEqual(tensor.shape))
                throw InvalidInputException.At(source, $"key '{key}'",
                    $"shape [{string.Join(", ", value.shape)}] does not match the model's [{string.Join(", ", tensor.shape)}]");
            if (!value.is_floating_point() && tensor.is_floating_point())
                throw InvalidInputException.At(source, $"key '{key}'", $"dtype {value.dtype} is not a floating-point type");
        }
        using var noGrad = torch.no_grad();
        foreach (var (key, tensor) in target)
            if (values.TryGetValue(key, out var value))
            {
                using var converted = value.to(tensor.dtype, tensor.device);
                if (tensor.is_floating_point() && !converted.isfinite().all().item<bool>())
                    throw InvalidInputException.At(source, $"key '{key}'", "contains NaN or infinity");
                tensor.copy_(converted);
            }
    }
}
