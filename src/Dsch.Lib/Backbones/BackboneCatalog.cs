namespace Dsch.Backbones;

/// <summary>The backbones the command line and presets can name: <c>resnet18</c>, <c>vgg16</c>, <c>vgg19</c>.</summary>
public static class BackboneCatalog
{
    /// <summary>Every accepted name.</summary>
    public static IReadOnlyList<string> Names { get; } = ["resnet18", "vgg16", "vgg19"];

    /// <summary>
    /// The pretrained backbone <paramref name="name"/> in eval mode. ResNet-18 comes from the offline ONNX
    /// model (<paramref name="weights"/> may name a folder holding ResNet18.onnx and ResNetPreprocess.onnx);
    /// VGG needs <paramref name="weights"/>, a TorchVision state dict (.pth or .safetensors, see <see cref="VggWeights"/>).
    /// </summary>
    public static Backbone Create(string name, string? weights = null) => name.ToLowerInvariant() switch
    {
        "resnet18" => ResNet18Onnx.LoadPretrained(weights is not null && File.Exists(weights) ? Path.GetDirectoryName(Path.GetFullPath(weights)) : weights),
        "vgg16" => VggWeights.Load(16, weights ?? throw MissingWeights(name)),
        "vgg19" => VggWeights.Load(19, weights ?? throw MissingWeights(name)),
        _ => throw new InvalidInputException($"--backbone '{name}': unknown; expected one of {string.Join(", ", Names)}"),
    };

    static InvalidInputException MissingWeights(string name) =>
        new($"--backbone {name}: ImageNet weights are required (--weights FILE.pth|FILE.safetensors); " +
            $"export them with torch.save(torchvision.models.{name}(weights='IMAGENET1K_V1').state_dict(), '{name}.pth'); see docs/backbones.md");
}
