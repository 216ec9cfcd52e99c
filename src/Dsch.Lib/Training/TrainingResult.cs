using Dsch.Retrieval;

namespace Dsch.Training;

/// <summary>Wall time spent in each phase of a run, in seconds.</summary>
public sealed record PhaseTimes(double EStep, double MStep, double Evaluate)
{
    /// <summary>Sum of the phases.</summary>
    public double Total => EStep + MStep + Evaluate;
}

/// <summary>
/// The outcome of a training run. <see cref="Final"/> is the <b>last</b> epoch's evaluation — the number to
/// report. <see cref="BestOnTestEpoch"/> is the epoch the official scripts would have kept (best test mAP):
/// a clearly labelled extra, never the headline (selecting on the queries is tuning on the test set).
/// </summary>
/// <param name="History">One record per epoch.</param>
/// <param name="Final">Full retrieval report of the final codes.</param>
/// <param name="BestOnTestEpoch">0-based epoch with the highest primary mAP on the queries.</param>
/// <param name="BestOnTestMap">That mAP.</param>
/// <param name="QueryCodes">Final continuous query codes, row-major (Q × L).</param>
/// <param name="DatabaseCodes">Final continuous database codes, row-major (M × L).</param>
/// <param name="Times">Phase wall times summed over epochs.</param>
public sealed record TrainingResult(IReadOnlyList<EpochRecord> History, RetrievalReport Final, int BestOnTestEpoch,
    double BestOnTestMap, float[] QueryCodes, float[] DatabaseCodes, PhaseTimes Times);
