using Dsch.Backbones;
using Dsch.Training;

namespace Dsch.Config;

/// <summary>
/// What <c>reproduce</c>, <c>ablate</c> and <c>train</c> may change on a preset without editing it: the backbone and its
/// weights, the input side, the epochs and the evaluation schedule — e.g. a dry run of a paper protocol on the offline
/// ResNet-18 at 32 px on a CPU (<c>--preset cifar10 --backbone resnet18 --input-size 32</c>). Null keeps the preset's.
/// </summary>
/// <param name="Backbone"><c>resnet18</c>, <c>vgg16</c> or <c>vgg19</c>.</param>
/// <param name="Weights">The backbone's weights (VGG: a TorchVision state dict; ResNet-18: a folder of its ONNX files).</param>
/// <param name="InputSize">Input side S in px.</param>
/// <param name="Epochs">EM iterations.</param>
/// <param name="Evaluation">When query and database are evaluated.</param>
public sealed record PresetOverrides(string? Backbone = null, string? Weights = null, int? InputSize = null, int? Epochs = null,
    EvaluationSchedule? Evaluation = null)
{
    /// <summary>The smallest input side every backbone accepts (all downsample by 32).</summary>
    public const int MinimumInputSize = 32;

    /// <summary>
    /// The preset with the overrides applied; throws <see cref="InvalidInputException"/> naming the option for an unknown
    /// backbone, an input side outside 32…1024 px, fewer than one epoch or weights that do not exist — before anything
    /// is read or written. A changed backbone drops the preset's weights unless <see cref="Weights"/> names new ones.
    /// </summary>
    public ExperimentPreset ApplyTo(ExperimentPreset preset)
    {
        if (Backbone is not null && !BackboneCatalog.Names.Contains(Backbone))
            throw new InvalidInputException($"--backbone: '{Backbone}' is unknown (known: {string.Join(", ", BackboneCatalog.Names)})");
        if (InputSize is { } size && size is < MinimumInputSize or > 1024)
            throw new InvalidInputException($"--input-size: {size} px is outside {MinimumInputSize}…1024 (the backbones downsample by 32)");
        if (Epochs is { } epochs && epochs < 1)
            throw new InvalidInputException($"--epochs: {epochs} must be ≥ 1");
        if (Weights is not null && !File.Exists(Weights) && !Directory.Exists(Weights))
            throw new InvalidInputException($"--weights {PathText.Quote(Weights)}: no such file or folder");
        var features = preset.Features with
        {
            Backbone = Backbone ?? preset.Features.Backbone,
            Weights = Weights ?? (Backbone is null || Backbone == preset.Features.Backbone ? preset.Features.Weights : null),
            InputSize = InputSize ?? preset.Features.InputSize,
        };
        var training = preset.Training with
        {
            Epochs = Epochs ?? preset.Training.Epochs,
            Evaluation = Evaluation ?? preset.Training.Evaluation,
        };
        return preset with { Features = features, Training = training };
    }

    /// <summary><c>every</c> → after every epoch, <c>last</c> → after the last epoch only, null → the preset's.</summary>
    public static EvaluationSchedule? ParseEvaluation(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "every" => EvaluationSchedule.EveryEpoch,
        "last" => EvaluationSchedule.LastEpoch,
        var other => throw new InvalidInputException($"--evaluate: '{other}' is not every or last"),
    };
}
