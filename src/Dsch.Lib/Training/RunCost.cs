namespace Dsch.Training;

/// <summary>What a run's parts cost on this machine, measured by <see cref="DschTrainer.Probe"/>.</summary>
/// <param name="StepSeconds">One training step (2B views: data, forward, loss, backward, Adam).</param>
/// <param name="EncodeSecondsPerImage">Encoding one image (data and forward, eval mode).</param>
public sealed record RunCost(double StepSeconds, double EncodeSecondsPerImage)
{
    /// <summary>
    /// Estimated seconds of a run of <paramref name="options"/>: per epoch its steps and (when the E-step runs) the
    /// encoding of the training set, plus the scheduled evaluations of query and database. The E-step's mixture fit is
    /// not included (seconds on the CPU at these sizes), so the estimate is a lower bound.
    /// </summary>
    public double Estimate(TrainingOptions options, long train, long query, long database)
    {
        long steps = train / options.BatchSize;
        int evaluations = Enumerable.Range(0, options.Epochs).Count(options.EvaluatesAfter);
        double epoch = steps * StepSeconds + (options.NeedsComponents ? train * EncodeSecondsPerImage : 0);
        return options.Epochs * epoch + evaluations * (query + database) * EncodeSecondsPerImage;
    }
}
