namespace Dsch.Training;

/// <summary>Phases of one EM iteration, for progress displays.</summary>
public enum TrainingPhase
{
    /// <summary>Fitting the components on the current codes.</summary>
    EStep,
    /// <summary>An epoch of gradient steps.</summary>
    MStep,
    /// <summary>Encoding query and database, computing mAP.</summary>
    Evaluate,
}

/// <summary>A progress report: where the run is and how fast it goes.</summary>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="Epochs">Total epochs.</param>
/// <param name="Phase">Current phase.</param>
/// <param name="Step">Step within the epoch (M-step).</param>
/// <param name="Steps">Steps per epoch.</param>
/// <param name="Loss">Mean total loss of the epoch so far (NaN before the first step).</param>
/// <param name="ImagesPerSecond">Training images (not views) per second in this epoch.</param>
/// <param name="Eta">Estimated time to the end of the run.</param>
/// <param name="Diagnostics">The epoch's diagnostics, given with the evaluation phase.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, TrainingPhase Phase, int Step, int Steps, double Loss,
    double ImagesPerSecond, TimeSpan Eta, EpochDiagnostics? Diagnostics = null);
