using Dsch.Data;

namespace Dsch.Features;

/// <summary>
/// How to build a feature cache for a dataset (frozen-features mode).
/// </summary>
/// <param name="Backbone"><c>resnet18</c>, <c>vgg16</c> or <c>vgg19</c>.</param>
/// <param name="Weights">VGG: the TorchVision state dict (.pth / .safetensors), required. ResNet-18: optional folder of the ONNX files.</param>
/// <param name="InputSize">S, the side images are resized to before the backbone (the quick preset's choice is 64, see docs/backbones.md).</param>
/// <param name="Views">V, augmented views per training image (8 in the quick preset, docs/method.md "Frozen-features mode").</param>
/// <param name="BatchSize">Images per backbone forward pass.</param>
/// <param name="AugmentationSeed">Seed of the augmented views (view v of image i is keyed by (seed, i, 0, v)).</param>
/// <param name="Augmentation">The view recipe; null = <see cref="AugmentationOptions.Paper"/>.</param>
/// <param name="Folder">Cache folder; null = <see cref="FeatureCacheExtraction.DefaultFolder"/>.</param>
public sealed record FeatureCacheOptions(
    string Backbone = "resnet18", string? Weights = null, int InputSize = 64, int Views = 8, int BatchSize = 64,
    long AugmentationSeed = 0, AugmentationOptions? Augmentation = null, string? Folder = null)
{
    /// <summary>Throws <see cref="InvalidInputException"/> naming the first invalid option; returns this.</summary>
    public FeatureCacheOptions Validate()
    {
        if (!Backbones.BackboneCatalog.Names.Contains(Backbone))
            throw new InvalidInputException($"--backbone '{Backbone}': expected one of {string.Join(", ", Backbones.BackboneCatalog.Names)}");
        if (InputSize is < 32 or > 1024) throw new InvalidInputException($"--input-size {InputSize}: must be within 32..1024 (the backbones downsample by 32)");
        if (Views is < 0 or > 64) throw new InvalidInputException($"--views {Views}: must be within 0..64");
        if (BatchSize is < 1 or > 4096) throw new InvalidInputException($"--batch-size {BatchSize}: must be within 1..4096");
        (Augmentation ?? AugmentationOptions.Paper).Validate();
        return this;
    }
}
