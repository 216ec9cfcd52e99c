using System.CommandLine;
using Dsch.Config;

namespace Dsch.Cli.Commands;

/// <summary>
/// The preset overrides <c>reproduce</c>, <c>ablate</c> and <c>train</c> share (<see cref="PresetOverrides"/>):
/// <c>--backbone</c>, <c>--weights</c>, <c>--input-size</c>, <c>--epochs</c>, <c>--evaluate</c>.
/// </summary>
sealed class OverrideOptions
{
    public readonly Option<string?> Backbone = new("--backbone") { Description = "resnet18, vgg16 or vgg19 (default: the preset's)." };
    public readonly Option<string?> Weights = new("--weights") { Description = "Backbone weights: VGG a TorchVision state dict (.pth/.safetensors); ResNet-18 a folder with its ONNX files." };
    public readonly Option<int?> InputSize = new("--input-size") { Description = "Backbone input side in px, 32…1024 (default: the preset's); used to choose it on --validation." };
    public readonly Option<int?> Epochs = new("--epochs") { Description = "EM iterations (default: the preset's)." };
    public readonly Option<string?> Evaluate = new("--evaluate") { Description = "every (after every epoch) or last (after the last epoch only; the fine-tuning presets' default)." };

    /// <summary>The options, to add to a command.</summary>
    public IEnumerable<Option> All => [Backbone, Weights, InputSize, Epochs, Evaluate];

    /// <summary>The overrides given on the command line.</summary>
    public PresetOverrides From(ParseResult parse) => new(parse.GetValue(Backbone), parse.GetValue(Weights), parse.GetValue(InputSize),
        parse.GetValue(Epochs), PresetOverrides.ParseEvaluation(parse.GetValue(Evaluate)));
}
