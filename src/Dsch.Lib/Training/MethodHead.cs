using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Training;

/// <summary>
/// A baseline method's own hash head: Linear layers D → … → L with ReLU between them and no output activation,
/// (N, D) → (N, L). BiHalf and GreedyHash use one layer D → L, CIBHash D → 1024 → L (docs/baselines.md).
/// </summary>
/// <remarks>
/// [official] every weight and bias drawn from U(−1/√fan_in, 1/√fan_in), PyTorch's default for <c>nn.Linear</c>
/// (Kaiming-uniform with a = √5 for the weight), which the three sources keep. Drawn from a generator seeded by the
/// run's seed, so the same seed gives the same head [decision]; not DSCH's truncated-normal
/// <see cref="Backbones.HashHead"/>.
/// </remarks>
public sealed class MethodHead : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> layers;

    /// <summary>A head through <paramref name="widths"/> (D, hidden …, L), initialised from <paramref name="seed"/>.</summary>
    public MethodHead(long seed, params int[] widths) : base(nameof(MethodHead))
    {
        if (widths.Length < 2 || widths.Any(w => w < 1))
            throw new InvalidInputException($"method head: widths must be at least D and L, all positive, got ({string.Join(", ", widths)})");
        layers = new ModuleList<Linear>([.. widths.Zip(widths.Skip(1), (i, o) => nn.Linear(i, o))]);
        RegisterComponents();
        using var generator = new Generator(unchecked((ulong)seed), device: CPU);
        using var noGrad = no_grad();
        foreach (var layer in layers)
        {
            using Scalar bound = 1.0 / Math.Sqrt(layer.in_features);
            foreach (var parameter in new[] { layer.weight!, layer.bias! })
            {
                using var draw = rand(parameter.shape, generator: generator).mul(Two).sub(One).mul(bound); // U(−bound, bound)
                parameter.copy_(draw);
            }
        }
    }

    /// <summary>(N, D) → (N, L).</summary>
    public override Tensor forward(Tensor features)
    {
        using var scope = NewDisposeScope();
        var x = features;
        for (int i = 0; i < layers.Count; i++)
        {
            x = layers[i].forward(x);                                                       // (N, width_i)
            if (i < layers.Count - 1) x = nn.functional.relu(x);
        }
        return x.MoveToOuterDisposeScope();                                                 // (N, L)
    }
}
