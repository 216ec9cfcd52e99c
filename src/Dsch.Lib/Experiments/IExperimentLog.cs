using Dsch.Features;
using Dsch.Training;

namespace Dsch.Experiments;

/// <summary>
/// The one channel through which an <see cref="Experiment"/> tells its user what happens: plain lines (plan, cache
/// status, each cell's result), feature-extraction progress and training progress. The CLI and the notebooks both pass
/// a <see cref="ProgressLines"/>, each with its own <see cref="ProgressPace"/>; tests pass <see cref="Silent"/>.
/// </summary>
public interface IExperimentLog : IProgress<ExtractionProgress>, IProgress<TrainingProgress>
{
    /// <summary>A line for the user (no trailing newline).</summary>
    void Line(string text);

    /// <summary>A log that drops everything.</summary>
    static IExperimentLog Silent { get; } = new SilentLog();
}

/// <summary>The log behind <see cref="IExperimentLog.Silent"/>.</summary>
file sealed class SilentLog : IExperimentLog
{
    public void Line(string text) { }
    public void Report(ExtractionProgress value) { }
    public void Report(TrainingProgress value) { }
}
