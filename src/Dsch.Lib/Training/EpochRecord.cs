namespace Dsch.Training;

/// <summary>
/// One line of <c>metrics.jsonl</c>: what an EM iteration did and how well the codes retrieve afterwards. Build it
/// with named arguments (<c>new EpochRecord(Epoch: …, Steps: …, …)</c>): eighteen values, many of one type.
/// </summary>
/// <remarks>The parameters' order is the order of the JSON fields, which reference runs and resumed runs read.</remarks>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="Steps">Gradient steps in the epoch; <see cref="GlobalStep"/> counts all so far.</param>
/// <param name="GlobalStep">Optimizer steps completed after this epoch.</param>
/// <param name="LearningRate">Learning rate at the end of the epoch.</param>
/// <param name="LossTotal">Mean total loss over the epoch's steps.</param>
/// <param name="LossInstance">Mean <c>L_ic</c>.</param>
/// <param name="LossFine">Mean <c>L_cc^f</c>.</param>
/// <param name="LossCoarse">Mean <c>L_cc^c</c>.</param>
/// <param name="EStepLogLikelihood">Mean log-likelihood of the fitted mixture (NaN when no E-step ran).</param>
/// <param name="EStepIterations">EM iterations of the mixture fit.</param>
/// <param name="EStepConverged">Whether the fit converged under the tolerance.</param>
/// <param name="FineSizes">Smallest, median and largest fine component (hard assignments), and how many are empty.</param>
/// <param name="Map">mAP@K after the epoch, keyed "1000", "all", …; empty when the epoch was not evaluated.</param>
/// <param name="MapTieAware">Tie-aware mAP@K.</param>
/// <param name="EStepSeconds">Wall time of the E-step.</param>
/// <param name="MStepSeconds">Wall time of the epoch's steps.</param>
/// <param name="EvaluateSeconds">Wall time of encoding and evaluation.</param>
/// <param name="Diagnostics">How much the components reach the loss (null in logs written before it existed).</param>
/// <param name="Terms">Epoch means of every term and diagnostic the run's method reported, by name (a notebook
/// method's own terms included); in memory only — not written to <c>metrics.jsonl</c>, whose fields stay fixed.</param>
public sealed record EpochRecord(
    int Epoch, int Steps, long GlobalStep, double LearningRate,
    double LossTotal, double LossInstance, double LossFine, double LossCoarse,
    double EStepLogLikelihood, int EStepIterations, bool EStepConverged, ComponentSizes? FineSizes,
    IReadOnlyDictionary<string, double> Map, IReadOnlyDictionary<string, double> MapTieAware,
    double EStepSeconds, double MStepSeconds, double EvaluateSeconds, EpochDiagnostics? Diagnostics = null,
    [property: System.Text.Json.Serialization.JsonIgnore] IReadOnlyDictionary<string, double>? Terms = null)
{
    /// <summary>mAP@<paramref name="key"/> after this epoch, NaN when the epoch was not evaluated (<see cref="EvaluationSchedule.LastEpoch"/>).</summary>
    public double MapAt(string key) => Map.TryGetValue(key, out var value) ? value : double.NaN;
}

/// <summary>Summary of component sizes (hard assignment counts).</summary>
public sealed record ComponentSizes(long Smallest, long Median, long Largest, int Empty)
{
    /// <summary>From per-component counts.</summary>
    public static ComponentSizes Of(IReadOnlyList<long> counts)
    {
        var sorted = counts.Order().ToArray();
        return new ComponentSizes(sorted[0], sorted[sorted.Length / 2], sorted[^1], sorted.Count(c => c == 0));
    }
}
