using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Backbones;

/// <summary>
/// A pretrained image feature extractor: maps images to one feature vector each.
/// </summary>
/// <remarks>
/// Contract shared by every backbone: the input is RGB float32 in [0, 1], NCHW, shape
/// <c>(N, 3, S, S)</c> with <c>S ≥ <see cref="MinimumInputSize"/></c> — exactly what the image pipeline
/// produces. Each backbone applies its own normalisation (channel order, scale, mean/std) as its first
/// step, so callers never normalise. The output is <c>(N, <see cref="FeatureDimension"/>)</c>.
/// </remarks>
public abstract class Backbone : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the module with its TorchSharp name.</summary>
    protected Backbone(string name) : base(name) { }

    /// <summary>Stable identifier of the architecture and weights (recorded in feature-cache manifests).</summary>
    public abstract string Id { get; }

    /// <summary>D, the length of one feature vector.</summary>
    public abstract int FeatureDimension { get; }

    /// <summary>The smallest input side the architecture accepts.</summary>
    public abstract int MinimumInputSize { get; }

    /// <summary>One-line description of the built-in normalisation (recorded in feature-cache manifests).</summary>
    public abstract string Preprocessing { get; }

    /// <summary>Throws <see cref="InvalidInputException"/> unless <paramref name="images"/> is <c>(N, 3, H, W)</c> float32 with H, W ≥ the minimum.</summary>
    protected void CheckInput(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != 3)
            throw new InvalidInputException($"{Id}: expected images of shape (N, 3, H, W), got ({string.Join(", ", images.shape)})");
        if (images.shape[2] < MinimumInputSize || images.shape[3] < MinimumInputSize)
            throw new InvalidInputException($"{Id}: input {images.shape[2]}x{images.shape[3]} is smaller than the minimum {MinimumInputSize}x{MinimumInputSize}");
        if (images.dtype != ScalarType.Float32)
            throw new InvalidInputException($"{Id}: expected float32 images in [0, 1], got {images.dtype}");
    }

    /// <summary>Makes every backbone parameter trainable (<paramref name="trainable"/> true) or frozen.</summary>
    public void SetTrainable(bool trainable)
    {
        foreach (var parameter in parameters()) parameter.requires_grad = trainable;
    }

    /// <summary>True when at least one parameter requires gradients.</summary>
    public bool IsTrainable => parameters().Any(p => p.requires_grad);
}
