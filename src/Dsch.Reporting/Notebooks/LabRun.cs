using Deedle;
using Dsch.Experiments;
using Dsch.Retrieval;
using Dsch.Training;
using Plotly.NET;

namespace Dsch.Notebooks;

/// <summary>One DSCH training run of a notebook: its name, options and outcome, with tables and charts of its history.</summary>
/// <param name="Name">Run name (<c>dsch</c> or an ablation item such as <c>lambda=0</c>).</param>
/// <param name="Options">The training options used.</param>
/// <param name="Result">The trainer's result: per-epoch history, final report, final codes.</param>
/// <param name="PrimaryTopK">Cut-off of the primary metric.</param>
public sealed record LabRun(string Name, TrainingOptions Options, TrainingResult Result, int PrimaryTopK)
{
    /// <summary>The final (last-epoch) score.</summary>
    public MethodScore Score => MethodScore.Of(Name, Options.Bits, Result.Final, PrimaryTopK, Result.Times.Total);

    /// <summary>Final primary mAP (the number to report).</summary>
    public double Map => Score.Map;

    /// <summary>One row per epoch: loss terms, E-step log-likelihood, mAP, times.</summary>
    public Frame<int, string> History => Deedle.Frame.FromRecords(Result.History.Select(h => new
    {
        h.Epoch, h.LossTotal, h.LossInstance, h.LossFine, h.LossCoarse, h.EStepLogLikelihood,
        Map = h.MapAt(RetrievalOptions.Label(PrimaryTopK)), MapAll = h.MapAt(RetrievalOptions.Label(RetrievalOptions.All)),
        h.EStepSeconds, h.MStepSeconds, h.EvaluateSeconds,
    }));

    /// <summary>
    /// One row per epoch: how much the components reach the loss (<see cref="EpochDiagnostics"/>) — posterior
    /// entropies, the share of L_ic's positive weight on other images, same-component partners per batch row, and
    /// purity against the labels (reporting only). NaN where no E-step ran.
    /// </summary>
    public Frame<int, string> Diagnostics => Deedle.Frame.FromRecords(Result.History.Where(h => h.Diagnostics is not null).Select(h => new
    {
        h.Epoch, h.Diagnostics!.FineEntropy, h.Diagnostics.CoarseEntropy, h.Diagnostics.OtherImageShare,
        h.Diagnostics.FinePartnersPerRow, h.Diagnostics.CoarsePartnersPerRow, h.Diagnostics.FinePurity, h.Diagnostics.CoarsePurity,
        h.Diagnostics.ComponentTermsOn,
    }));

    /// <summary>The loss terms per epoch.</summary>
    public GenericChart LossChart
    {
        get
        {
            var x = Result.History.Select(h => (double)h.Epoch + 1).ToList();
            return Charts.Lines($"{Name}: loss terms per epoch", "epoch", "mean loss",
            [
                new ChartSeries("total", x, [.. Result.History.Select(h => h.LossTotal)]),
                new ChartSeries("L_ic (instance)", x, [.. Result.History.Select(h => h.LossInstance)]),
                new ChartSeries("L_cc^f (fine)", x, [.. Result.History.Select(h => h.LossFine)]),
                new ChartSeries("L_cc^c (coarse)", x, [.. Result.History.Select(h => h.LossCoarse)]),
            ]);
        }
    }

    /// <summary>mAP after each epoch (primary and over the whole ranking).</summary>
    public GenericChart MapChart
    {
        get
        {
            var x = Result.History.Select(h => (double)h.Epoch + 1).ToList();
            var primary = RetrievalOptions.Label(PrimaryTopK);
            return Charts.Lines($"{Name}: mAP after each epoch", "epoch", "mAP",
            [
                new ChartSeries($"mAP@{primary}", x, [.. Result.History.Select(h => h.MapAt(primary))]),
                new ChartSeries("mAP@all", x, [.. Result.History.Select(h => h.MapAt("all"))]),
            ]);
        }
    }
}
