using System.Globalization;
using System.Text.RegularExpressions;
using Dsch.Components;
using Dsch.Training;

namespace Dsch.Config;

/// <summary>
/// The one vocabulary of changes to a preset's <see cref="TrainingOptions"/>: ablation grid items
/// (<c>dsch ablate --grid no-fine,lambda=0.3,fine-batches+mates=5</c>, <c>Lab.Ablate</c>) and the flags of
/// <c>dsch train</c> (<c>--lambda 0.3</c> is the item <c>lambda=0.3</c>) both map onto it, so a switch is spelled,
/// parsed and checked in one place.
/// </summary>
/// <remarks>
/// Switches: <c>dsch</c> (no change), <c>baseline</c> (the authors' contrastive baseline: λ = 0, S = I, random batches,
/// no memory, no warm-up), <c>no-fine</c>, <c>no-coarse</c>, <c>no-cooccurrence</c>, <c>no-instance</c> (also ends a
/// warm-up, which trains L_ic alone), <c>diag</c>, <c>full</c>, <c>normalize</c>,
/// <c>no-normalize</c>, <c>fine-batches</c>, <c>coarse-batches</c>, <c>mate-memory</c>, <c>adam-tf1</c> (the authors'
/// TF1 Adam, ε = 1), <c>adam</c> (standard, ε = 1e-8), both at the options' learning rate. Keys:
/// <c>lambda</c>, <c>tau</c>, <c>m1</c>, <c>m2</c>, <c>epochs</c>, <c>mates</c> (k per component), <c>s-coarse</c> (α),
/// <c>s-temperature</c> (T), <c>warmup</c> (epochs), <c>lr</c>, <c>batch-size</c>, <c>covariance</c> (full, diag),
/// <c>batches</c> (random, fine, coarse), <c>optimizer</c> (adam, adam-tf1), <c>mode</c> (frozen, finetune).
/// Items join with <c>+</c> and apply left to right. Ranges against the data are checked by
/// <see cref="TrainingOptions.Validate()"/>, not here.
/// </remarks>
public static class TrainingSwitches
{
    /// <summary>
    /// The keys of <c>key=value</c> items. Each is also the <c>dsch train</c> flag (<c>--s-coarse 0.5</c>) and, in
    /// kebab case, the option's property and <c>config.json</c> key (<see cref="MateOptions.SCoarse"/>, <c>sCoarse</c>).
    /// </summary>
    public static readonly IReadOnlyList<string> KeyNames =
        ["lambda", "tau", "m1", "m2", "epochs", "mates", "s-coarse", "s-temperature", "warmup", "lr", "batch-size", "covariance", "batches", "optimizer", "mode"];

    /// <summary>
    /// The switches that turn one option on or off: <c>no-X</c> clears the boolean option X, <c>X</c> sets it (each is
    /// also a <c>dsch train</c> flag, <c>--normalize true|false</c> for the pair).
    /// </summary>
    public static readonly IReadOnlyList<string> OnOffNames = ["no-fine", "no-coarse", "no-cooccurrence", "no-instance", "normalize", "no-normalize", "mate-memory"];

    /// <summary>Shorthands for a <c>key=value</c> item: <c>diag</c> is <c>covariance=diag</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> Shorthands = new Dictionary<string, string>
    {
        ["diag"] = "covariance=diag", ["full"] = "covariance=full", ["fine-batches"] = "batches=fine",
        ["coarse-batches"] = "batches=coarse", ["adam"] = "optimizer=adam", ["adam-tf1"] = "optimizer=adam-tf1",
    };

    /// <summary>The keys of <c>key=value</c> items, for messages.</summary>
    public static readonly string Keys = string.Join(", ", KeyNames);

    /// <summary>
    /// The change <paramref name="item"/> makes; <paramref name="source"/> names where it was written (<c>--grid</c>, a
    /// flag) at the start of an error. Throws <see cref="InvalidInputException"/> for an unknown switch or key, a value
    /// that is not a number, or a name outside a key's choices.
    /// </summary>
    public static Func<TrainingOptions, TrainingOptions> Parse(string item, string source)
    {
        var text = item.Trim();
        // '+' joins items; one before a digit stays an exponent's sign (tau=1e+0).
        var parts = Regex.Split(text, @"\+(?=[A-Za-z])");
        if (parts.Length > 1)
        {
            var changes = parts.Select(part => Parse(part, source)).ToArray();
            return options => changes.Aggregate(options, (current, change) => change(current));
        }
        return text switch
        {
            "dsch" => o => o,
            // The authors' baseline whatever the preset: λ = 0, S = I, random batches, no memory, no warm-up.
            "baseline" => o => o with { Loss = LossOptions.ContrastiveBaseline(o.Loss.Tau), Mates = MateOptions.Default },
            "no-fine" => o => o with { Loss = o.Loss with { Fine = false } },
            "no-coarse" => o => o with { Loss = o.Loss with { Coarse = false } },
            "no-cooccurrence" => o => o with { Loss = o.Loss with { Cooccurrence = false } },
            // A warm-up trains L_ic alone, so without L_ic there is nothing to warm up with: the terms start at once.
            "no-instance" => o => o with { Loss = o.Loss with { Instance = false }, Mates = WithoutWarmup(o.Mates) },
            "diag" => o => o with { Components = o.Components with { Covariance = CovarianceType.Diagonal } },
            "full" => o => o with { Components = o.Components with { Covariance = CovarianceType.Full } },
            "normalize" => o => o with { Components = o.Components with { Normalize = true } },
            "no-normalize" => o => o with { Components = o.Components with { Normalize = false } },
            "fine-batches" => o => o with { Mates = o.Mates with { Batches = MateBatching.Fine } },
            "coarse-batches" => o => o with { Mates = o.Mates with { Batches = MateBatching.Coarse } },
            "mate-memory" => o => o with { Mates = o.Mates with { MateMemory = true } },
            "adam-tf1" => o => o with { Optimizer = OptimizerOptions.Paper with { Lr = o.Optimizer.Lr } },
            "adam" => o => o with { Optimizer = OptimizerOptions.StandardAdam(o.Optimizer.Lr) },
            _ => Assignment(text, source),
        };
    }

    /// <summary>The item that sets <paramref name="key"/> to a number (invariant culture, round-trip exact).</summary>
    public static string Item(string key, double value) => $"{key}={value.ToString("R", CultureInfo.InvariantCulture)}";

    static Func<TrainingOptions, TrainingOptions> Assignment(string item, string source)
    {
        var parts = item.Split('=', 2);
        if (parts.Length != 2) throw new InvalidInputException($"{source}: '{item}' is not a known switch or key=value ({Keys})");
        var (key, text) = (parts[0], parts[1]);
        switch (key)
        {
            case "covariance":
                var covariance = CovarianceTypes.Parse(text, source);
                return o => o with { Components = o.Components with { Covariance = covariance } };
            case "batches":
                var batching = text switch
                {
                    "random" => MateBatching.Random,
                    "fine" => MateBatching.Fine,
                    "coarse" => MateBatching.Coarse,
                    _ => throw new InvalidInputException($"{source}: '{text}' is not random, fine or coarse"),
                };
                return o => o with { Mates = o.Mates with { Batches = batching } };
            case "optimizer":
                return text switch
                {
                    "adam" or "adam-tf1" => Parse(text, source),
                    _ => throw new InvalidInputException($"{source}: '{text}' is not adam or adam-tf1"),
                };
            case "mode":
                var mode = text switch
                {
                    "frozen" => TrainingMode.Frozen,
                    "finetune" => TrainingMode.Finetune,
                    _ => throw new InvalidInputException($"{source}: '{text}' is not frozen or finetune"),
                };
                return o => o with { Mode = mode };
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new InvalidInputException($"{source}: '{item}' is not a known switch or key=value ({Keys})");
        int whole = (int)value;
        return key switch
        {
            "lambda" => o => o with { Loss = o.Loss with { Lambda = value } },
            "tau" => o => o with { Loss = o.Loss with { Tau = value } },
            "m1" => o => o with { Components = o.Components with { M1 = whole } },
            "m2" => o => o with { Components = o.Components with { M2 = whole } },
            "epochs" => o => o with { Epochs = whole },
            "mates" => o => o with { Mates = o.Mates with { Mates = whole } },
            "s-coarse" => o => o with { Mates = o.Mates with { SCoarse = value } },
            "s-temperature" => o => o with { Mates = o.Mates with { STemperature = value } },
            "warmup" => o => o with { Mates = o.Mates with { Warmup = whole } },
            "lr" => o => o with { Optimizer = o.Optimizer with { Lr = value } },
            "batch-size" => o => o with { BatchSize = whole },
            _ => throw new InvalidInputException($"{source}: unknown key '{key}' in '{item}' ({Keys})"),
        };
    }

    static MateOptions WithoutWarmup(MateOptions mates) => mates with { Warmup = 0 };
}
