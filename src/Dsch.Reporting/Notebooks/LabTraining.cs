using Dsch.Experiments;
using Dsch.Training;
using Plotly.NET;
using Deedle;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace Dsch.Notebooks;

public static partial class Lab
{
    /// <summary>
    /// Trains DSCH on the cached features (frozen mode, the EM loop of <see cref="DschTrainer"/>) with the preset's
    /// options at <paramref name="bits"/> bits, changed by <paramref name="change"/>; one progress line per epoch on <paramref name="log"/>.
    /// </summary>
    public static LabRun Train(LabData data, LabFeatures features, int bits, Func<TrainingOptions, TrainingOptions>? change = null,
        string name = "dsch", TextWriter? log = null)
    {
        log ??= Console.Out;
        var options = (change ?? (o => o))(data.TrainingFor(bits));
        var result = ExperimentOf(data, log, name).Train(options, features.Features);
        var run = new LabRun(name, options, result, data.Preset.PrimaryTopK);
        log.WriteLine($"{name}: final mAP@{data.Preset.PrimaryTopK} {run.Map:F4} after {options.Epochs} epochs ({result.Times.Total:F1} s)");
        return run;
    }

    /// <summary>
    /// Trains one run per ablation item (<see cref="MethodSpec.ForAblation"/>: <c>dsch</c>, <c>baseline</c>, <c>no-fine</c>,
    /// <c>no-coarse</c>, <c>no-cooccurrence</c>, <c>lambda=…</c>, <c>m1=…</c>, …, or a deep baseline: <c>cibhash</c>, <c>bihalf</c>,
    /// <c>greedyhash</c>) with everything else equal.
    /// </summary>
    public static IReadOnlyList<LabRun> Ablate(LabData data, LabFeatures features, int bits, IEnumerable<string> variants, TextWriter? log = null) =>
        [.. variants.Select(v =>
        {
            var spec = MethodSpec.ForAblation(v);
            return spec.MethodFor(data.TrainingFor(bits)) is { } method   // a deep baseline: its own method and schedule
                ? Train(data, features, bits, method, spec.Modify, log)
                : Train(data, features, bits, spec.Modify, spec.Name, log);
        })];

    /// <summary>One row per run: the switch values that differ between ablations (loss, components, mate-meeting
    /// readings), the last epoch's weight share on other images and fine partners per row, final mAP and time.</summary>
    public static Frame<int, string> Compare(IEnumerable<LabRun> runs) => Deedle.Frame.FromRecords(runs.Select(r => new
    {
        Run = r.Name, r.Options.Loss.Lambda, r.Options.Loss.Instance, r.Options.Loss.Fine, r.Options.Loss.Coarse, r.Options.Loss.Cooccurrence,
        m1 = r.Options.Components.M1, m2 = r.Options.Components.M2,
        Batches = r.Options.Mates.Batches, r.Options.Mates.SCoarse, r.Options.Mates.STemperature,
        r.Options.Mates.MateMemory, r.Options.Mates.Warmup,
        OtherImageShare = r.Result.History[^1].Diagnostics?.OtherImageShare ?? double.NaN,
        FinePartners = r.Result.History[^1].Diagnostics?.FinePartnersPerRow ?? double.NaN,
        r.Score.Map, r.Score.MapAll, r.Score.PrecisionRadius2, Seconds = r.Result.Times.Total,
    }));

    /// <summary>Final primary mAP of each run as bars, with a reference line per extra score (e.g. LSH, ITQ).</summary>
    public static GenericChart CompareChart(IEnumerable<LabRun> runs, IEnumerable<MethodScore>? references = null)
    {
        var items = runs.Select(r => (r.Name, r.Map)).Concat((references ?? []).Select(s => (Name: $"{s.Method} {s.Bits}b", s.Map))).ToList();
        var bars = CSharpChart.Column<double, string, string>(items.Select(i => i.Map), Keys: items.Select(i => i.Name).ToList(), Name: "final mAP");
        return Plotly.NET.Chart.withTitle("Final mAP per run", null).Invoke(bars);
    }

    /// <summary>
    /// One line per run: primary mAP after each epoch. Runs evaluated after their last epoch only (the deep baselines)
    /// have no curve and are left out.
    /// </summary>
    public static GenericChart MapPerEpoch(IEnumerable<LabRun> runs) =>
        Charts.Lines("mAP after each epoch", "epoch", "mAP", runs.Where(r => r.Options.Evaluation != EvaluationSchedule.LastEpoch).Select(r => new ChartSeries(r.Name,
            [.. r.Result.History.Select(h => (double)h.Epoch + 1)],
            [.. r.Result.History.Select(h => h.MapAt(Retrieval.RetrievalOptions.Label(r.PrimaryTopK)))])));
}
