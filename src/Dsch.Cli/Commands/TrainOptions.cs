using System.CommandLine;
using Dsch.Components;
using Dsch.Config;
using Dsch.Training;

namespace Dsch.Cli.Commands;

/// <summary>The options of <c>dsch train</c>; each maps onto one field of <see cref="RunConfig"/>, unset ones keep the preset's value.</summary>
sealed class TrainOptions
{
    public readonly Option<string> Dataset = new("--dataset") { Description = "fashion-mnist, fashion-outfits (generated from Fashion-MNIST), cifar10, flickr25k, nuswide or imagelist.", DefaultValueFactory = _ => "fashion-mnist" };
    public readonly Option<string?> Root = new("--root") { Description = "Dataset folder (default: located automatically)." };
    public readonly Option<int?> Bits = new("--bits") { Description = "Code length L (required unless --resume)." };
    public readonly Option<string> Preset = new("--preset") { Description = "quick (default) or paper (the dataset's paper preset).", DefaultValueFactory = _ => "quick" };
    public readonly Option<string?> Mode = new("--mode") { Description = "frozen (cached features, head only) or finetune (backbone end to end)." };
    public readonly Option<long> Seed = new("--seed") { Description = "Training seed.", DefaultValueFactory = _ => 0 };
    public readonly Option<int?> Epochs = new("--epochs") { Description = "EM iterations (epochs)." };
    public readonly Option<int?> BatchSize = new("--batch-size") { Description = "Images per step B (2B views)." };
    public readonly Option<double?> Lambda = new("--lambda") { Description = "Weight λ of the component terms." };
    public readonly Option<double?> Tau = new("--tau") { Description = "Temperature τ." };
    public readonly Option<int?> Fine = new("--fine") { Description = "Fine components m1." };
    public readonly Option<int?> Coarse = new("--coarse") { Description = "Coarse components m2." };
    public readonly Option<string?> Covariance = new("--covariance") { Description = "full or diag." };
    public readonly Option<bool?> Normalize = new("--normalize-posteriors") { Description = "Row-L2-normalise P1 (true/false)." };
    public readonly Option<bool> NoCooccurrence = new("--no-cooccurrence") { Description = "S = I in L_ic (keep the component terms)." };
    public readonly Option<bool> NoFine = new("--no-fine") { Description = "Drop L_cc^f." };
    public readonly Option<bool> NoCoarse = new("--no-coarse") { Description = "Drop L_cc^c." };
    public readonly Option<bool> Baseline = new("--baseline") { Description = "The contrastive baseline: λ = 0 and S = I." };
    public readonly Option<string?> Optimizer = new("--optimizer") { Description = "adam (standard) or adam-tf1 (the authors' TF1 Adam, ε = 1)." };
    public readonly Option<double?> LearningRate = new("--lr") { Description = "Base learning rate." };
    public readonly Option<string> Device = new("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => "auto" };
    public readonly Option<string?> Output = new("--out") { Description = "Run directory (default runs/train-<dataset>-<bits>b-s<seed>-<time>)." };
    public readonly Option<string?> Resume = new("--resume") { Description = "Continue the run in DIR from its last checkpoint (its config.json wins)." };

    public IEnumerable<Option> All =>
    [
        Dataset, Root, Bits, Preset, Mode, Seed, Epochs, BatchSize, Lambda, Tau, Fine, Coarse, Covariance, Normalize,
        NoCooccurrence, NoFine, NoCoarse, Baseline, Optimizer, LearningRate, Device, Output, Resume,
    ];

    /// <summary>The preset for the dataset (m1/m2 sized to <paramref name="trainCount"/>) with every given option applied.</summary>
    public RunConfig ToConfig(ParseResult parse, int trainCount)
    {
        var dataset = parse.GetValue(Dataset)!;
        var preset = (parse.GetValue(Preset) switch
        {
            "quick" => Presets.Quick(dataset),
            "paper" => Presets.Paper(dataset),
            var other => throw new InvalidInputException($"--preset: '{other}' is not quick or paper"),
        }).SizedTo(trainCount);
        var bits = parse.GetValue(Bits) ?? throw new InvalidInputException("--bits is required (the code length L)");
        var t = preset.TrainingFor(bits, parse.GetValue(Seed));
        var loss = t.Loss with
        {
            Lambda = parse.GetValue(Lambda) ?? t.Loss.Lambda,
            Tau = parse.GetValue(Tau) ?? t.Loss.Tau,
            Cooccurrence = t.Loss.Cooccurrence && !parse.GetValue(NoCooccurrence),
            Fine = t.Loss.Fine && !parse.GetValue(NoFine),
            Coarse = t.Loss.Coarse && !parse.GetValue(NoCoarse),
        };
        if (parse.GetValue(Baseline)) loss = LossOptions.ContrastiveBaseline(loss.Tau);
        var components = t.Components with
        {
            Fine = parse.GetValue(Fine) ?? t.Components.Fine,
            Coarse = parse.GetValue(Coarse) ?? t.Components.Coarse,
            Covariance = parse.GetValue(Covariance) switch
            {
                null => t.Components.Covariance,
                "full" => CovarianceType.Full,
                "diag" or "diagonal" => CovarianceType.Diagonal,
                var other => throw new InvalidInputException($"--covariance: '{other}' is not full or diag"),
            },
            NormalizePosteriors = parse.GetValue(Normalize) ?? t.Components.NormalizePosteriors,
        };
        var optimizer = parse.GetValue(Optimizer) switch
        {
            null => t.Optimizer,
            "adam" => OptimizerOptions.StandardAdam(t.Optimizer.LearningRate),
            "adam-tf1" => OptimizerOptions.Paper with { LearningRate = t.Optimizer.LearningRate },
            var other => throw new InvalidInputException($"--optimizer: '{other}' is not adam or adam-tf1"),
        };
        optimizer = optimizer with { LearningRate = parse.GetValue(LearningRate) ?? optimizer.LearningRate };
        var mode = parse.GetValue(Mode) switch
        {
            null => t.Mode,
            "frozen" => TrainingMode.Frozen,
            "finetune" => TrainingMode.Finetune,
            var other => throw new InvalidInputException($"--mode: '{other}' is not frozen or finetune"),
        };
        var training = t with
        {
            Loss = loss, Components = components, Optimizer = optimizer, Mode = mode,
            Epochs = parse.GetValue(Epochs) ?? t.Epochs, BatchSize = parse.GetValue(BatchSize) ?? t.BatchSize,
        };
        return new RunConfig(dataset, parse.GetValue(Root), 0, preset.Features, training.Validate());
    }
}
