using System.CommandLine;
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
    public readonly Option<int?> M1 = new("--m1") { Description = "Fine components m1." };
    public readonly Option<int?> M2 = new("--m2") { Description = "Coarse components m2." };
    public readonly Option<string?> Covariance = new("--covariance") { Description = "full or diag." };
    public readonly Option<bool?> Normalize = new("--normalize") { Description = "Row-L2-normalise P1 (true/false)." };
    public readonly Option<bool> NoCooccurrence = new("--no-cooccurrence") { Description = "S = I in L_ic (keep the component terms)." };
    public readonly Option<bool> NoFine = new("--no-fine") { Description = "Drop L_cc^f." };
    public readonly Option<bool> NoCoarse = new("--no-coarse") { Description = "Drop L_cc^c." };
    public readonly Option<bool> NoInstance = new("--no-instance") { Description = "Drop L_ic (and any warm-up, which trains L_ic alone)." };
    public readonly Option<bool> Baseline = new("--baseline") { Description = "The contrastive baseline: λ = 0 and S = I." };
    public readonly Option<string?> Batches = new("--batches") { Description = "random (default), fine or coarse: component-aware batches of k images from each of B/k components." };
    public readonly Option<int?> Mates = new("--mates") { Description = "k of --batches fine|coarse (default 3; must divide B)." };
    public readonly Option<double?> SCoarse = new("--s-coarse") { Description = "α in S = (1−α)·P1P1ᵀ + α·P2P2ᵀ (0 = fine level, default; 1 = coarse)." };
    public readonly Option<double?> STemperature = new("--s-temperature") { Description = "T softening the posteriors for S only, softmax(log P1 / T) (default 1 = P1)." };
    public readonly Option<bool> MateMemory = new("--mate-memory") { Description = "Positives beyond the batch: last epoch's code of one fine component-mate per image." };
    public readonly Option<int?> Warmup = new("--warmup") { Description = "Component terms on from this epoch (0-based; default 0); earlier epochs train the contrastive baseline." };
    public readonly Option<string?> Optimizer = new("--optimizer") { Description = "adam (standard) or adam-tf1 (the authors' TF1 Adam, ε = 1)." };
    public readonly Option<double?> Lr = new("--lr") { Description = "Base learning rate." };
    public readonly Option<string> Device = new("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => "auto" };
    public readonly Option<string?> Output = new("--out") { Description = "Run directory (default runs/train-<dataset>-<bits>b-s<seed>-<time>)." };
    public readonly Option<string?> Resume = new("--resume") { Description = "Continue the run in DIR from its last checkpoint (its config.json wins)." };

    public IEnumerable<Option> All =>
    [
        Dataset, Root, Bits, Preset, Mode, Seed, .. Overrides.All, BatchSize, Lambda, Tau, M1, M2, Covariance, Normalize,
        NoCooccurrence, NoFine, NoCoarse, NoInstance, Baseline, Batches, Mates, SCoarse, STemperature, MateMemory,
        Warmup, Optimizer, Lr, Device, Output, Resume,
    ];

    /// <summary>
    /// Range checks that need no data (m1 ≥ 1, 1 ≤ m2 ≤ m1, bits, epochs, batch size given on the command line), so a
    /// mistyped value is refused before the dataset is read; the checks against the data follow in <see cref="ToConfig"/>.
    /// </summary>
    public void CheckRanges(ParseResult parse)
    {
        if (parse.GetValue(M1) is int fine && fine < 1) throw new InvalidInputException($"--m1: {fine} components; must be at least 1");
        if (parse.GetValue(M2) is int coarse)
        {
            if (coarse < 1) throw new InvalidInputException($"--m2: {coarse} components; must be at least 1");
            if (parse.GetValue(M1) is int m1 && coarse > m1)
                throw new InvalidInputException($"--m2: {coarse} coarse components exceed the {m1} fine components (m2 must be ≤ m1)");
        }
        var bits = parse.GetValue(Bits) ?? throw new InvalidInputException("--bits is required (the code length L)");
        if (bits is < 1 or > 4096) throw new InvalidInputException($"--bits: {bits} must be between 1 and 4096");
        if (parse.GetValue(Overrides.Epochs) is int epochs && epochs < 1) throw new InvalidInputException($"--epochs: {epochs} must be ≥ 1");
        if (parse.GetValue(BatchSize) is int batch && batch < 2) throw new InvalidInputException($"--batch-size: {batch} must be ≥ 2");
    }

    /// <summary>
    /// The preset for the dataset, fitted to <paramref name="data"/> (m1/m2 sized to its training set, the primary
    /// metric of its labels: mAP@5000 for multi-hot image lists, as <c>reproduce</c> chooses) with every given option applied.
    /// </summary>
    public RunConfig ToConfig(ParseResult parse, Data.HashingDataset data)
    {
        var dataset = parse.GetValue(Dataset)!;
        var preset = Overrides.From(parse).ApplyTo(Presets.ForTraining(parse.GetValue(Preset)!, dataset)).FittedTo(data);
        var bits = parse.GetValue(Bits) ?? throw new InvalidInputException("--bits is required (the code length L)");
        var training = preset.TrainingFor(bits, parse.GetValue(Seed));
        if (training.TopK[0] != preset.PrimaryTopK)                           // the primary metric first, as reproduce reports it
            training = training with { TopK = [preset.PrimaryTopK, .. training.TopK.Where(k => k != preset.PrimaryTopK)] };
        foreach (var (flag, item) in Switches(parse)) training = TrainingSwitches.Parse(item, flag)(training);
        return new RunConfig(dataset, parse.GetValue(Root), 0, preset.Features, training.Validate());
    }

    /// <summary>
    /// The given flags as items of <see cref="TrainingSwitches"/>: a flag is its item's name (<c>--lambda 0.3</c> →
    /// <c>lambda=0.3</c>, <c>--no-fine</c> → <c>no-fine</c>, <c>--normalize false</c> → <c>no-normalize</c>), each with
    /// its flag for messages, in an order where <c>--baseline</c> follows <c>--tau</c> (the baseline keeps the chosen τ)
    /// and <c>--lr</c> follows <c>--optimizer</c>.
    /// </summary>
    IEnumerable<(string Flag, string Item)> Switches(ParseResult parse)
    {
        static string Key(Option option) => option.Name[2..];
        static IEnumerable<(string, string)> Number(Option option, double? value) =>
            value is { } v ? [(option.Name, TrainingSwitches.Item(Key(option), v))] : [];
        static IEnumerable<(string, string)> Choice(Option option, string? value) =>
            value is null ? [] : [(option.Name, $"{Key(option)}={value}")];
        static IEnumerable<(string, string)> Flag(Option option, bool given) => given ? [(option.Name, Key(option))] : [];
        static IEnumerable<(string, string)> OnOff(Option option, bool? value) =>
            value is { } on ? [(option.Name, on ? Key(option) : "no-" + Key(option))] : [];
        return
        [
            .. Number(Tau, parse.GetValue(Tau)), .. Number(Lambda, parse.GetValue(Lambda)),
            .. Flag(NoCooccurrence, parse.GetValue(NoCooccurrence)), .. Flag(NoFine, parse.GetValue(NoFine)),
            .. Flag(NoCoarse, parse.GetValue(NoCoarse)), .. Flag(NoInstance, parse.GetValue(NoInstance)), .. Flag(Baseline, parse.GetValue(Baseline)),
            .. Number(M1, parse.GetValue(M1)), .. Number(M2, parse.GetValue(M2)),
            .. Choice(Covariance, parse.GetValue(Covariance)), .. OnOff(Normalize, parse.GetValue(Normalize)),
            .. Choice(Optimizer, parse.GetValue(Optimizer)), .. Number(Lr, parse.GetValue(Lr)),
            .. Choice(Mode, parse.GetValue(Mode)), .. Number(BatchSize, parse.GetValue(BatchSize)),
            .. Choice(Batches, parse.GetValue(Batches)), .. Number(Mates, parse.GetValue(Mates)),
            .. Number(SCoarse, parse.GetValue(SCoarse)), .. Number(STemperature, parse.GetValue(STemperature)),
            .. Flag(MateMemory, parse.GetValue(MateMemory)), .. Number(Warmup, parse.GetValue(Warmup)),
        ];
    }
}
