using System.Globalization;
using Dsch.Baselines;
using Dsch.Training;

namespace Dsch.Experiments;

/// <summary>
/// One row label of a results table: DSCH under some training options, or a classical hasher.
/// Ablations are DSCH specs whose <see cref="Modify"/> changes one switch or value of the preset.
/// </summary>
/// <param name="Name">Name in <c>results.csv</c> (<c>dsch</c>, <c>baseline</c>, <c>itq</c>, …, <c>no-fine</c>, <c>tau=0.5</c>).</param>
/// <param name="Classical">The classical method (lsh, pcah, itq, sh), or null for a trained method.</param>
/// <param name="Modify">Change applied to the preset's training options (identity for <c>dsch</c>).</param>
public sealed record MethodSpec(string Name, string? Classical, Func<TrainingOptions, TrainingOptions> Modify)
{
    /// <summary>True for methods trained by the EM trainer (DSCH, its ablations and the contrastive baseline).</summary>
    public bool IsTrained => Classical is null;

    /// <summary>The spec of a method name of <c>dsch reproduce --methods</c>.</summary>
    public static MethodSpec ForMethod(string name) => name switch
    {
        "dsch" => new(name, null, o => o),
        "baseline" => new(name, null, o => o with { Loss = LossOptions.ContrastiveBaseline(o.Loss.Tau) }),
        _ when Hasher.Methods.Contains(name) => new(name, name, o => o),
        _ => throw new InvalidInputException($"--methods: unknown method '{name}' (known: dsch, baseline, {string.Join(", ", Hasher.Methods)})"),
    };

    /// <summary>
    /// The spec of an ablation item: <c>dsch</c>, <c>baseline</c>, <c>no-fine</c>, <c>no-coarse</c>,
    /// <c>no-cooccurrence</c>, <c>no-instance</c>, <c>diag</c>, <c>full</c>, <c>normalize</c>, <c>no-normalize</c>,
    /// the mate-meeting readings <c>fine-batches</c>, <c>coarse-batches</c>, <c>mate-memory</c> (see <see cref="MateOptions"/>),
    /// the optimiser <c>adam-tf1</c> (the authors' TF1 Adam, ε = 1) or <c>adam</c> (standard, ε = 1e-8), both at the preset's rate,
    /// or <c>lambda=…</c>, <c>tau=…</c>, <c>m1=…</c>, <c>m2=…</c>, <c>epochs=…</c>, <c>mates=…</c> (k per component),
    /// <c>s-coarse=…</c> (α), <c>s-temperature=…</c> (T), <c>warmup=…</c> (epochs). Items combine with <c>+</c>:
    /// <c>fine-batches+mates=5</c>.
    /// </summary>
    public static MethodSpec ForAblation(string item)
    {
        var text = item.Trim();
        // '+' joins items; one before a digit stays an exponent's sign (tau=1e+0).
        var items = System.Text.RegularExpressions.Regex.Split(text, @"\+(?=[A-Za-z])");
        if (items.Length > 1)
        {
            var parts = items.Select(ForAblation).ToArray();
            return new MethodSpec(text, null, o => parts.Aggregate(o, (options, part) => part.Modify(options)));
        }
        Func<TrainingOptions, TrainingOptions> modify = text switch
        {
            "dsch" or "baseline" => ForMethod(text).Modify,
            "no-fine" => o => o with { Loss = o.Loss with { Fine = false } },
            "no-coarse" => o => o with { Loss = o.Loss with { Coarse = false } },
            "no-cooccurrence" => o => o with { Loss = o.Loss with { Cooccurrence = false } },
            "no-instance" => o => o with { Loss = o.Loss with { Instance = false } },
            "diag" => o => o with { Components = o.Components with { Covariance = Components.CovarianceType.Diagonal } },
            "full" => o => o with { Components = o.Components with { Covariance = Components.CovarianceType.Full } },
            "normalize" => o => o with { Components = o.Components with { NormalizePosteriors = true } },
            "no-normalize" => o => o with { Components = o.Components with { NormalizePosteriors = false } },
            "fine-batches" => o => o with { Mates = o.Meeting with { Batching = MateBatching.Fine } },
            "coarse-batches" => o => o with { Mates = o.Meeting with { Batching = MateBatching.Coarse } },
            "mate-memory" => o => o with { Mates = o.Meeting with { Memory = true } },
            "adam-tf1" => o => o with { Optimizer = OptimizerOptions.Paper with { LearningRate = o.Optimizer.LearningRate } },
            "adam" => o => o with { Optimizer = OptimizerOptions.StandardAdam(o.Optimizer.LearningRate) },
            _ => Assignment(text),
        };
        return new MethodSpec(text, null, modify);
    }

    const string Keys = "lambda, tau, m1, m2, epochs, mates, s-coarse, s-temperature, warmup";

    static Func<TrainingOptions, TrainingOptions> Assignment(string item)
    {
        var parts = item.Split('=', 2);
        if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new InvalidInputException($"--grid: '{item}' is not a known switch or key=value ({Keys})");
        int whole = (int)value;
        return parts[0] switch
        {
            "lambda" => o => o with { Loss = o.Loss with { Lambda = value } },
            "tau" => o => o with { Loss = o.Loss with { Tau = value } },
            "m1" => o => o with { Components = o.Components with { Fine = whole } },
            "m2" => o => o with { Components = o.Components with { Coarse = whole } },
            "epochs" => o => o with { Epochs = whole },
            "mates" => o => o with { Mates = o.Meeting with { MatesPerComponent = whole } },
            "s-coarse" => o => o with { Mates = o.Meeting with { CoarseShare = value } },
            "s-temperature" => o => o with { Mates = o.Meeting with { PosteriorTemperature = value } },
            "warmup" => o => o with { Mates = o.Meeting with { WarmupEpochs = whole } },
            _ => throw new InvalidInputException($"--grid: unknown key '{parts[0]}' in '{item}' ({Keys})"),
        };
    }
}
