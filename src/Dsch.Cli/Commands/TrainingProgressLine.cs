using System.Diagnostics;
using Dsch.Training;

namespace Dsch.Cli.Commands;

/// <summary>
/// Training progress as plain lines (logs and CI read them): at most one line every <see cref="Interval"/> — epoch,
/// phase, step, loss, images/s, the run's ETA, and with an evaluation the epoch's diagnostics — plus the last epoch's
/// evaluation; so a fine-tuning run never sits silent for minutes, and a run of seconds prints one line.
/// </summary>
sealed class TrainingProgressLine : IProgress<TrainingProgress>
{
    /// <summary>Least time between two in-epoch lines.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    readonly Stopwatch _sinceLine = Stopwatch.StartNew();   // the first line after Interval: a run of seconds prints only its end

    public void Report(TrainingProgress p)
    {
        bool lastEvaluation = p.Phase == TrainingPhase.Evaluate && p.Epoch == p.Epochs - 1;
        if (!lastEvaluation && _sinceLine.Elapsed < Interval) return;
        _sinceLine.Restart();
        Console.WriteLine(p.Phase switch
        {
            TrainingPhase.EStep => $"  epoch {p.Epoch + 1}/{p.Epochs}: E-step …",
            TrainingPhase.MStep => $"  epoch {p.Epoch + 1}/{p.Epochs}: step {p.Step}/{p.Steps}, loss {p.Loss:F4}, {p.ImagesPerSecond:F0} images/s, run ETA {p.Eta:hh\\:mm\\:ss}",
            _ => $"  epoch {p.Epoch + 1}/{p.Epochs}: evaluating …" + (p.Diagnostics is { } d ? $" ({d.Summary()})" : ""),
        });
    }
}
