using Dsch.Training;

namespace Dsch.Config;

/// <summary>
/// The deep unsupervised baselines of docs/baselines.md (CIBHash, BiHalf, GreedyHash) by name: each method's
/// <see cref="IHashingMethod"/>, and the training schedule it runs under in each mode.
/// </summary>
/// <remarks>
/// [decision] (docs/baselines.md, "Decisions" 4 and 7). Frozen mode: each method's own batch size, epochs and learning
/// rate where its source gives them, with its source's optimiser (CIBHash: Adam; BiHalf and GreedyHash: SGD with
/// momentum and weight decay, BiHalf's ×0.1 staircase every 120 epochs included) and evaluation after the last epoch only. Fine-tuned mode: the
/// preset's schedule unchanged (the sources never fine-tune; their epochs are out of reach on a CPU).
/// </remarks>
public static class DeepBaselines
{
    /// <summary>The names <c>reproduce --methods</c> and <c>ablate --grid</c> accept, in table order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["cibhash", "bihalf", "greedyhash"];

    /// <summary>True when <paramref name="name"/> is one of <see cref="Names"/>.</summary>
    public static bool Contains(string name) => Names.Contains(name);

    /// <summary>The method called <paramref name="name"/>, at its sources' hyper-parameters.</summary>
    public static IHashingMethod Method(string name) => name switch
    {
        "cibhash" => new CibHashMethod(),
        "bihalf" => new BiHalfMethod(),
        "greedyhash" => new GreedyHashMethod(),
        _ => throw new InvalidInputException($"--methods: '{name}' is not a deep baseline (known: {string.Join(", ", Names)})"),
    };

    /// <summary>
    /// <paramref name="options"/> (the preset's, for one bits × seed cell) changed to the schedule method
    /// <paramref name="name"/> trains under in their mode; <paramref name="epochs"/> (an explicit <c>--epochs</c>)
    /// replaces the method's own epochs.
    /// </summary>
    public static TrainingOptions Schedule(string name, TrainingOptions options, int? epochs = null)
    {
        var scheduled = OwnSchedule(name, options);
        return epochs is { } given ? scheduled with { Epochs = given } : scheduled;
    }

    static TrainingOptions OwnSchedule(string name, TrainingOptions options)
    {
        if (options.Mode == TrainingMode.Finetune) return options with { Mates = MateOptions.Default };
        var (optimizer, batch, ownEpochs) = name switch
        {
            // [official: zexuanqiu/CIBHash@4c896ee main.py, model/base_model.py] Adam 1e-3, batch 64, 60 epochs, 80 at 16 bits.
            "cibhash" => (new OptimizerOptions(OptimizerVariant.Standard, 1e-3, Epsilon: 1e-8, DecaySteps: int.MaxValue, DecayRate: 1), 64,
                options.Bits <= 16 ? 80 : 60),
            // [official: liyunqianggyn/Deep-Unsupervised-Image-Hashing@1cd671a Cifar10_I.py] SGD lr 1e-4, momentum 0.9,
            // weight decay 5e-4, ×0.1 every 120 epochs (adjust_learning_rate), batch 32, 300 epochs.
            "bihalf" => (OptimizerOptions.Sgd(1e-4, 0.9, 5e-4) with { DecayEveryEpochs = 120, DecayRate = 0.1 }, 32, 300),
            // [official: ssppp/GreedyHash@e5089b2 unsupervised_vgg.py] SGD lr 1e-4 (constant), momentum 0.9, weight decay
            // 5e-4, batch 32, 60 epochs, 300 at 16 bits.
            "greedyhash" => (OptimizerOptions.Sgd(1e-4, 0.9, 5e-4), 32, options.Bits <= 16 ? 300 : 60),
            _ => throw new InvalidInputException($"--methods: '{name}' is not a deep baseline (known: {string.Join(", ", Names)})"),
        };
        return options with
        {
            Optimizer = optimizer,
            BatchSize = batch, Epochs = ownEpochs, Mates = MateOptions.Default, Evaluation = EvaluationSchedule.LastEpoch,
        };
    }
}
