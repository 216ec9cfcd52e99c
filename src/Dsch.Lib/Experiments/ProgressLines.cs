using System.Diagnostics;
using Dsch.Features;
using Dsch.Training;

namespace Dsch.Experiments;

/// <summary>How often <see cref="ProgressLines"/> writes.</summary>
/// <param name="TrainingInterval">Least time between two lines within an epoch.</param>
/// <param name="EveryEpoch">A line at the end of every epoch (loss, diagnostics), not only the last.</param>
/// <param name="ExtractionSteps">Lines per extraction stage (one at every 1/n of it).</param>
public sealed record ProgressPace(TimeSpan TrainingInterval, bool EveryEpoch, int ExtractionSteps)
{
    /// <summary>Logs and CI: at most a line every 30 s while training (so a fine-tuning run never sits silent for
    /// minutes and a run of seconds prints one line), extraction every 10 %.</summary>
    public static readonly ProgressPace Console = new(TimeSpan.FromSeconds(30), EveryEpoch: false, ExtractionSteps: 10);

    /// <summary>A notebook cell: a line per epoch (the reader watches the loss and the diagnostics move), extraction every quarter.</summary>
    public static readonly ProgressPace NotebookCell = new(TimeSpan.FromSeconds(30), EveryEpoch: true, ExtractionSteps: 4);
}

/// <summary>
/// An <see cref="IExperimentLog"/> writing plain lines to a <see cref="TextWriter"/> (the console, a notebook cell's
/// output) at a <see cref="ProgressPace"/>: the one formatter of extraction and training progress.
/// </summary>
/// <param name="writer">Where lines go.</param>
/// <param name="pace">How often.</param>
/// <param name="run">Name put in front of training lines (a notebook's run name), or null.</param>
public sealed class ProgressLines(TextWriter writer, ProgressPace pace, string? run = null) : IExperimentLog
{
    readonly Stopwatch _sinceTrainingLine = Stopwatch.StartNew();   // the first line after the interval: a run of seconds prints only its end
    string _stage = "";
    long _nextExtractionLine;

    /// <summary>Console output at the console pace.</summary>
    public static ProgressLines ForConsole() => new(System.Console.Out, ProgressPace.Console);

    /// <inheritdoc/>
    public void Line(string text) => writer.WriteLine(text);

    /// <inheritdoc/>
    public void Report(ExtractionProgress value)
    {
        if (value.Stage != _stage) { _stage = value.Stage; _nextExtractionLine = 0; }
        if (value.Done < _nextExtractionLine && value.Done < value.Total) return;
        _nextExtractionLine = value.Done + Math.Max(1, value.Total / pace.ExtractionSteps);
        writer.WriteLine($"  extracting {value.Stage}: {value.Done}/{value.Total} images, {value.ImagesPerSecond:F0} img/s, ETA {value.Eta:hh\\:mm\\:ss}");
    }

    /// <inheritdoc/>
    public void Report(TrainingProgress p)
    {
        bool evaluation = p.Phase == TrainingPhase.Evaluate;
        bool epochLine = evaluation && (pace.EveryEpoch || p.Epoch == p.Epochs - 1);
        if (!epochLine && _sinceTrainingLine.Elapsed < pace.TrainingInterval) return;
        _sinceTrainingLine.Restart();
        string epoch = $"  {(run is null ? "" : run + " ")}epoch {p.Epoch + 1}/{p.Epochs}";
        writer.WriteLine(p.Phase switch
        {
            TrainingPhase.EStep => $"{epoch}: E-step …",
            TrainingPhase.MStep => $"{epoch}: step {p.Step}/{p.Steps}, loss {p.Loss:F4}, {p.ImagesPerSecond:F0} images/s, run ETA {p.Eta:hh\\:mm\\:ss}",
            _ => $"{epoch} done: loss {p.Loss:F4}, run ETA {p.Eta:hh\\:mm\\:ss}" + (p.Diagnostics?.Summary() is { Length: > 0 } d ? $" ({d})" : ""),
        });
    }
}
