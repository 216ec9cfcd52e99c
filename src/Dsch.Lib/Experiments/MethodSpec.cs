using Dsch.Baselines;
using Dsch.Config;
using Dsch.Training;

namespace Dsch.Experiments;

/// <summary>
/// One row label of a results table: DSCH under some training options, or a classical hasher.
/// Ablations are DSCH specs whose <see cref="Modify"/> changes one switch or value of the preset.
/// </summary>
/// <param name="Name">Name in <c>results.csv</c> (<c>dsch</c>, <c>baseline</c>, <c>itq</c>, …, <c>no-fine</c>, <c>tau=0.5</c>).</param>
/// <param name="Classical">The classical method (lsh, pcah, itq, sh), or null for a trained method.</param>
/// <param name="Modify">Change applied to the preset's training options (identity for <c>dsch</c>).</param>
/// <param name="Method">The trained method for a cell's options; null: the one the options describe
/// (<see cref="HashingMethods.For"/>: DSCH or the contrastive baseline). A deep baseline's (<see cref="DeepBaselines"/>).</param>
public sealed record MethodSpec(string Name, string? Classical, Func<TrainingOptions, TrainingOptions> Modify,
    Func<TrainingOptions, IHashingMethod>? Method = null)
{
    /// <summary>Every name <c>reproduce --methods</c> accepts.</summary>
    public static IReadOnlyList<string> KnownMethods => ["dsch", "baseline", .. DeepBaselines.Names, .. Hasher.Methods];

    /// <summary>The method a cell of <paramref name="options"/> trains (null: the one the options describe).</summary>
    public IHashingMethod? MethodFor(TrainingOptions options) => Method?.Invoke(options);

    /// <summary>True for methods trained by the EM trainer (DSCH, its ablations and the contrastive baseline).</summary>
    public bool IsTrained => Classical is null;

    /// <summary>
    /// The spec of a method name of <c>dsch reproduce --methods</c>; <paramref name="epochs"/> is an explicit
    /// <c>--epochs</c>, which a deep baseline takes instead of its own.
    /// </summary>
    public static MethodSpec ForMethod(string name, int? epochs = null) => name switch
    {
        "dsch" => new(name, null, o => o),
        "baseline" => new(name, null, TrainingSwitches.Parse(name, "--methods")),
        _ when DeepBaselines.Contains(name) => new(name, null, o => DeepBaselines.Schedule(name, o, epochs), _ => DeepBaselines.Method(name)),
        _ when Hasher.Methods.Contains(name) => new(name, name, o => o),
        _ => throw new InvalidInputException($"--methods: unknown method '{name}' (known: {string.Join(", ", KnownMethods)})"),
    };

    /// <summary>
    /// The spec of an ablation item: a switch or <c>key=value</c> of <see cref="TrainingSwitches"/> (<c>no-fine</c>,
    /// <c>lambda=0.3</c>, <c>fine-batches+mates=5</c>, …), named by the item as written.
    /// </summary>
    public static MethodSpec ForAblation(string item, int? epochs = null) =>
        DeepBaselines.Contains(item.Trim()) ? ForMethod(item.Trim(), epochs) : new(item.Trim(), null, TrainingSwitches.Parse(item, "--grid"));
}
