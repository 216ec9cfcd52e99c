using Deedle;
using Dsch.Experiments;
using Dsch.Training;
using Microsoft.FSharp.Core;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace Dsch.Notebooks;

public static partial class Lab
{
    /// <summary>
    /// Trains <paramref name="method"/> (a built-in of <see cref="HashingMethods"/>, or one a cell defines with
    /// <see cref="HashingMethods.FromLoss"/>) through the library's EM loop, with the preset's options at
    /// <paramref name="bits"/> bits changed by <paramref name="change"/> (seed, epochs, <c>Mode = TrainingMode.Finetune</c>, …).
    /// A method that returns bad terms or posteriors stops the cell with one line naming the epoch, step and term.
    /// </summary>
    public static LabRun Train(LabData data, LabFeatures features, int bits, IHashingMethod method,
        Func<TrainingOptions, TrainingOptions>? change = null, TextWriter? log = null)
    {
        log ??= Console.Out;
        var options = (change ?? (o => o))(data.TrainingFor(bits));
        var result = ExperimentOf(data, log, method.Name).Train(options, features.Features, method: method);
        var run = new LabRun(method.Name, options, result, data.Preset.PrimaryTopK);
        log.WriteLine($"{method.Name} (seed {options.Seed}): final mAP@{data.Preset.PrimaryTopK} {run.Map:F4} after {options.Epochs} epochs ({result.Times.Total:F1} s)");
        return run;
    }

    /// <summary>Trains every method once per seed (<paramref name="seeds"/>), everything else equal: the grid of an
    /// ablation whose differences must be compared with a seed's spread.</summary>
    public static IReadOnlyList<LabRun> TrainSeeds(LabData data, LabFeatures features, int bits, IEnumerable<IHashingMethod> methods,
        IEnumerable<int> seeds, Func<TrainingOptions, TrainingOptions>? change = null, TextWriter? log = null)
    {
        var seedList = seeds.ToList();
        return [.. methods.SelectMany(m => seedList.Select(s =>
            Train(data, features, bits, m, o => (change ?? (x => x))(o) with { Seed = s }, log)))];
    }

    /// <summary>One row per method: runs, mean and sample standard deviation of the final primary mAP, min and max.</summary>
    public static Frame<int, string> SeedTable(IEnumerable<LabRun> runs) => Deedle.Frame.FromRecords(SeedSummary(runs).Select(s => new
    {
        Method = s.Name, s.Runs, MeanMap = s.Mean, StdMap = s.Std, MinMap = s.Min, MaxMap = s.Max,
    }));

    /// <summary>Mean final primary mAP per method as bars with ± one standard deviation over the seeds.</summary>
    public static GenericChart SeedChart(IEnumerable<LabRun> runs)
    {
        var summary = SeedSummary(runs);
        var bars = CSharpChart.Column<double, string, string>(summary.Select(s => s.Mean), Keys: summary.Select(s => s.Name).ToList(), Name: "mean final mAP");
        var withError = Plotly.NET.Chart.withYErrorStyle<double, double>(
            FSharpOption<bool>.Some(true), FSharpOption<StyleParam.ErrorType>.Some(StyleParam.ErrorType.Data), FSharpOption<bool>.Some(true),
            FSharpOption<IEnumerable<double>>.Some(summary.Select(s => s.Std).ToList()), null, null, null, null, null, null, null, null, null).Invoke(bars);
        return Plotly.NET.Chart.withTitle("Final mAP per method, mean ± std over seeds", null).Invoke(withError);
    }

    sealed record MethodSpread(string Name, int Runs, double Mean, double Std, double Min, double Max);

    /// <summary>Per method name in first-seen order; the standard deviation is the sample one (n − 1), 0 for one run.</summary>
    static List<MethodSpread> SeedSummary(IEnumerable<LabRun> runs) => [.. runs.GroupBy(r => r.Name).Select(g =>
    {
        var maps = g.Select(r => r.Map).ToArray();
        double mean = maps.Average();
        double std = maps.Length < 2 ? 0 : Math.Sqrt(maps.Sum(m => (m - mean) * (m - mean)) / (maps.Length - 1));
        return new MethodSpread(g.Key, maps.Length, mean, std, maps.Min(), maps.Max());
    })];
}
