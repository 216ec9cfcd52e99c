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
    public readonly Option<string> Preset = new("--preset") { Description = "quick (default), finetune (the CPU fine-tuning preset) or paper (the dataset's paper preset).", DefaultValueFactory = _ => "quick" };
    public readonly Option<string?> Mode = new("--mode") { Description = "frozen (cached features, head only) or finetune (backbone end to end)." };
    public readonly Option<long> Seed = new("--seed") { Description = "Training seed.", DefaultValueFactory = _ => 0 };
    public readonly OverrideOptions Overrides = new();
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
    public readonly Option<string?> Batches = new("--batches") { Description = "random (default), fine or coarse: component-aware batches of k images from each of B/k components." };
    public readonly Option<int?> MatesPerComponent = new("--mates-per-component") { Description = "k of --batches fine|coarse (default 3; must divide B)." };
    public readonly Option<double?> CoarseShare = new("--s-coarse-share") { Description = "α in S = (1−α)·P1P1ᵀ + α·P2P2ᵀ (0 = fine level, default; 1 = coarse)." };
    public readonly Option<double?> PosteriorTemperature = new("--s-temperature") { Description = "T softening the posteriors for S only, softmax(log P1 / T) (default 1 = P1)." };
    public readonly Option<bool> MateMemory = new("--mate-memory") { Description = "Positives beyond the batch: last epoch's code of one fine component-mate per image." };
    public readonly Option<int?> WarmupEpochs = new("--warmup-epochs") { Description = "Component terms on from this epoch (0-based; default 0); earlier epochs train the contrastive baseline." };
    public readonly Option<string?> Optimizer = new("--optimizer") { Description = "adam (standard) or adam-tf1 (the authors' TF1 Adam, ε = 1)." };
    public readonly Option<double?> LearningRate = new("--lr") { Description = "Base learning rate." };
    public readonly Option<string> Device = new("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => "auto" };
    public readonly Option<string?> Output = new("--out") { Description = "Run directory (default runs/train-<dataset>-<bits>b-s<seed>-<time>)." };
    public readonly Option<string?> Resume = new("--resume") { Description = "Continue the run in DIR from its last checkpoint (its config.json wins)." };

    public IEnumerable<Option> All =>
    [
        Dataset, Root, Bits, Preset, Mode, Seed, .. Overrides.All, BatchSize, Lambda, Tau, Fine, Coarse, Covariance, Normalize,
        NoCooccurrence, NoFine, NoCoarse, Baseline, Batches, MatesPerComponent, CoarseShare, PosteriorTemperature, MateMemory,
        WarmupEpochs, Optimizer, LearningRate, Device, Output, Resume,
    ];

    /// <summary>
    /// Range checks that need no data (m1 ≥ 1, 1 ≤ m2 ≤ m1, bits, epochs, batch size given on the command line), so a
    /// mistyped value is refused before the dataset is read; the checks against the data follow in <see cref="ToConfig"/>.
    /// </summary>
    public void CheckRanges(ParseResult parse)
    {
        if (parse.GetValue(Fine) is int fine && fine < 1) throw new InvalidInputException($"--fine: {fine} components; must be at least 1");
        if (parse.GetValue(Coarse) is int coarse)
        {
            if (coarse < 1) throw new InvalidInputException($"--coarse: {coarse} components; must be at least 1");
            if (parse.GetValue(Fine) is int m1 && coarse > m1)
                throw new InvalidInputException($"--coarse: {coarse} coarse components exceed the {m1} fine components (m2 must be ≤ m1)");
        }
        var bits = parse.GetValue(Bits) ?? throw new InvalidInputException("--bits is required (the code length L)");
        if (bits is < 1 or > 4096) throw new InvalidInputException($"--bits: {bits} must be between 1 and 4096");
        if (parse.GetValue(Overrides.Epochs) is int epochs && epochs < 1) throw new InvalidInputException($"--epochs: {epochs} must be ≥ 1");
        if (parse.GetValue(BatchSize) is int batch && batch < 2) throw new InvalidInputException($"--batch-size: {batch} must be ≥ 2");
    }

    /// <summary>The preset for the dataset (m1/m2 sized to <paramref name="trainCount"/>) with every given option applied.</summary>
    public RunConfig ToConfig(ParseResult parse, int trainCount)
    {
        var dataset = parse.GetValue(Dataset)!;
        var preset = Overrides.From(parse).ApplyTo(parse.GetValue(Preset) switch
        {
            "quick" => Presets.Quick(dataset),
            "finetune" => Presets.Finetune(dataset),
            "paper" => Presets.Paper(dataset),
            var other => throw new InvalidInputException($"--preset: '{other}' is not quick, finetune or paper"),
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
        var meeting = t.Meeting;
        meeting = meeting with
        {
            Batching = parse.GetValue(Batches) switch
            {
                null => meeting.Batching,
                "random" => MateBatching.Random,
                "fine" => MateBatching.Fine,
                "coarse" => MateBatching.Coarse,
                var other => throw new InvalidInputException($"--batches: '{other}' is not random, fine or coarse"),
            },
            MatesPerComponent = parse.GetValue(MatesPerComponent) ?? meeting.MatesPerComponent,
            CoarseShare = parse.GetValue(CoarseShare) ?? meeting.CoarseShare,
            PosteriorTemperature = parse.GetValue(PosteriorTemperature) ?? meeting.PosteriorTemperature,
            Memory = meeting.Memory || parse.GetValue(MateMemory),
            WarmupEpochs = parse.GetValue(WarmupEpochs) ?? meeting.WarmupEpochs,
        };
        var training = t with
        {
            Loss = loss, Components = components, Optimizer = optimizer, Mode = mode,
            BatchSize = parse.GetValue(BatchSize) ?? t.BatchSize,
            Mates = meeting == MateOptions.Default ? t.Mates : meeting,
        };
        return new RunConfig(dataset, parse.GetValue(Root), 0, preset.Features, training.Validate());
    }
}
