#:project ../src/Dsch.Lib/Dsch.Lib.csproj
#:property PublishAot=false
// The notebook preset's two promises (issue 24, item 4), measured in-process as a notebook kernel runs them:
//   dotnet run tools/bench_notebook_turnaround.cs -- [--dataset fashion-mnist] [--bits 32] [--seeds 0,1,2] [--repeats 5]
//       [--train N] [--database N] [--epochs E1,E2,…]
// 1. Ordering: per seed, the quick-mode data and features (`Lab.LoadData(dataset, quick: true, seed)` and
//    `Lab.ExtractFeatures`, from the cache when it is warm), then DSCH and the contrastive baseline trained with the
//    notebook preset (`Lab.Train`) and ITQ (`Lab.Yardstick`); prints mAP at the primary cut-off of each, the order
//    of the three, and the mean over the seeds.
// 2. Turnaround: the training cell of notebook 03 (a loss defined in a cell, made a method with
//    `HashingMethods.FromLoss` and trained by `Lab.Train`) rerun --repeats times on the first seed with the features
//    cached (the whole cell: E-step before every epoch, training, evaluation); prints every wall time, the median and min/max.
// --train/--database/--epochs override the preset's subset and epochs, to try other sizes before changing it (several
// epoch counts are measured one after another on the same data; the turnaround uses the last).
using System.Diagnostics;
using Dsch.Notebooks;
using Dsch.Training;

string dataset = Arg("--dataset", "fashion-mnist");
int bits = int.Parse(Arg("--bits", "32"));
int[] seeds = Arg("--seeds", "0,1,2").Split(',').Select(int.Parse).ToArray();
int repeats = int.Parse(Arg("--repeats", "5"));
var defaults = new QuickSizes();
var sizes = defaults with
{
    Train = int.Parse(Arg("--train", defaults.Train.ToString())),
    Database = int.Parse(Arg("--database", defaults.Database.ToString())),
};
int?[] epochCounts = Arg("--epochs", "") is { Length: > 0 } e ? [.. e.Split(',').Select(v => (int?)int.Parse(v))] : [null];
Console.WriteLine($"{dataset}, {bits} bits, subset {sizes}, epochs {Arg("--epochs", "preset")}, seeds {string.Join(",", seeds)}; load {Load()}");

LabData? first = null;
LabFeatures? firstFeatures = null;
foreach (var epochs in epochCounts)
{
    var means = new Dictionary<string, List<double>>();
    foreach (var seed in seeds)
    {
        var data = Lab.LoadData(dataset, quick: true, seed, sizes);
        if (epochs is { } n) data = data with { Preset = data.Preset with { Training = data.Preset.Training with { Epochs = n } } };
        var features = Lab.ExtractFeatures(data, TextWriter.Null);
        var options = data.TrainingFor(bits);
        var dsch = Lab.Train(data, features, bits, log: TextWriter.Null);
        var baseline = Lab.Ablate(data, features, bits, ["baseline"], TextWriter.Null)[0];
        var itq = Lab.Yardstick(data, features, [bits], ["itq"])[0];
        var scores = new (string Name, double Map)[] { ("dsch", dsch.Map), ("baseline", baseline.Map), ("itq", itq.Map) };
        foreach (var (name, map) in scores) (means.TryGetValue(name, out var list) ? list : means[name] = []).Add(map);
        Console.WriteLine($"seed {seed}: N {features.TrainCount}, m1 {options.Components.Fine}, m2 {options.Components.Coarse}, {options.Epochs} epochs, " +
            $"{string.Join(", ", scores.Select(s => $"{s.Name} {s.Map:F4}"))}; order {string.Join(" > ", scores.OrderByDescending(s => s.Map).Select(s => s.Name))}; " +
            $"dsch {dsch.Result.Times.Total:F1} s; load {Load()}");
        if (seed == seeds[0]) { first = data; firstFeatures = features; }
    }
    Console.WriteLine("mean over seeds: " + string.Join(", ", means.Select(m => $"{m.Key} {m.Value.Average():F4} ± {StandardDeviation(m.Value):F4}")) +
        "; order " + string.Join(" > ", means.OrderByDescending(m => m.Value.Average()).Select(m => m.Key)));
}

var seconds = new List<double>();
for (int r = 0; r < repeats; r++)
{
    var clock = Stopwatch.StartNew();
    // The training cell of notebook 03: a method made of a cell's loss (here DschLoss, which the written-out cell
    // equals) and the library's E-step, trained through the library's loop.
    var options = first!.TrainingFor(bits);
    var method = HashingMethods.FromLoss("written-out-dsch", batch => MethodTerms.From(DschLoss.Compute(batch.H, batch.Components, options.Loss)),
        eStep: HashingMethods.DschEStep(options.Components));
    var run = Lab.Train(first, firstFeatures!, bits, method, log: TextWriter.Null);
    seconds.Add(clock.Elapsed.TotalSeconds);
    Console.WriteLine($"turnaround {r + 1}/{repeats}: {seconds[^1]:F2} s (mAP {run.Map:F4}); load {Load()}");
}
var sorted = seconds.Order().ToList();
Console.WriteLine($"training cell, {repeats} runs: median {sorted[sorted.Count / 2]:F2} s, min {sorted[0]:F2} s, max {sorted[^1]:F2} s");

static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

static double StandardDeviation(IReadOnlyList<double> values)
{
    double mean = values.Average();
    return values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
}

string Arg(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
