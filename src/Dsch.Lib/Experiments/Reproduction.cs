using System.Diagnostics;
using System.Text.Json;
using Dsch.Baselines;
using Dsch.Config;
using Dsch.Data;
using Dsch.Features;
using Dsch.IO;
using Dsch.Retrieval;
using Dsch.Runtime;
using Dsch.Training;
using TorchSharp;

namespace Dsch.Experiments;

/// <summary>Wall time per phase of a reproduction, seconds.</summary>
public sealed record TimingBreakdown(double Extraction, double EStep, double MStep, double Evaluation, double Classical, double Total);

/// <summary>What a reproduction produced.</summary>
public sealed record ReproduceResult(IReadOnlyList<ResultRow> Rows, IReadOnlyList<CurvePoint> Curves, TimingBreakdown Timing,
    string OutputDirectory, IReadOnlyList<string> Files);

/// <summary>
/// Runs every method × bits × seed on one dataset and writes the results folder: <c>results.csv</c> (long format),
/// <c>curves.csv</c>, <c>summary.md</c>, charts (HTML + PNG, drawn by the caller's <see cref="ResultChartWriter"/>), <c>config.json</c>, <c>provenance.json</c>,
/// <c>timing.json</c>, one <c>runs/&lt;method&gt;-&lt;bits&gt;b-s&lt;seed&gt;/</c> folder per trained run and one
/// <c>cells/</c> file per finished cell. Frozen presets train on cached features; fine-tuning presets train DSCH and the
/// contrastive baseline end to end while the classical methods hash the pretrained backbone's cached features.
/// </summary>
/// <remarks>
/// Resumable (<see cref="GridFolder"/>): started again with the same options and <c>--out</c> — after a crash, a kill, a
/// closed laptop — finished cells are read back, the interrupted cell continues from its last epoch checkpoint, and the
/// results equal an uninterrupted grid's; other options against the same folder are refused.
/// </remarks>
public sealed class Reproduction
{
    /// <summary>The grid <c>dsch reproduce</c> / <c>dsch ablate</c> run; checked by <see cref="Run"/> before any folder is made.</summary>
    /// <param name="preset">Experiment preset (its dataset may be overridden by the caller).</param>
    /// <param name="methods">Methods (or ablation variants) to run at every bits × seed.</param>
    /// <param name="bits">Code lengths.</param>
    /// <param name="seeds">Training seeds.</param>
    /// <param name="outputDirectory">Results folder (results.csv, curves.csv, summary.md, plots, runs/).</param>
    /// <param name="root">Dataset folder, or null to locate it.</param>
    /// <param name="splitSeed">Split seed (0 = the committed default split).</param>
    /// <param name="device">Compute device choice.</param>
    /// <param name="validation">Evaluate on a validation split carved from the training set (<see cref="ValidationSplit"/>)
    /// instead of the queries: the honest way to choose hyper-parameters.</param>
    public Reproduction(ExperimentPreset preset, IReadOnlyList<MethodSpec> methods, IReadOnlyList<int> bits, IReadOnlyList<long> seeds,
        string outputDirectory, string? root = null, int splitSeed = 0, DeviceChoice device = DeviceChoice.Auto, bool validation = false)
    {
        (Preset, Methods, Bits, Seeds, OutputDirectory) = (preset, methods, bits, seeds, outputDirectory);
        (Root, SplitSeed, Device, Validation) = (root, splitSeed, device, validation);
    }

    /// <summary>Experiment preset (its dataset may be overridden by the caller).</summary>
    public ExperimentPreset Preset { get; }

    /// <summary>Methods (or ablation variants) to run at every bits × seed.</summary>
    public IReadOnlyList<MethodSpec> Methods { get; }

    /// <summary>Code lengths.</summary>
    public IReadOnlyList<int> Bits { get; }

    /// <summary>Training seeds.</summary>
    public IReadOnlyList<long> Seeds { get; }

    /// <summary>Results folder (results.csv, curves.csv, summary.md, plots, runs/).</summary>
    public string OutputDirectory { get; }

    /// <summary>Dataset folder, or null to locate it.</summary>
    public string? Root { get; }

    /// <summary>Split seed (0 = the committed default split).</summary>
    public int SplitSeed { get; }

    /// <summary>Compute device choice.</summary>
    public DeviceChoice Device { get; }

    /// <summary>Evaluate on a validation split carved from the training set instead of the queries.</summary>
    public bool Validation { get; }

    /// <summary>
    /// Throws <see cref="InvalidInputException"/> naming the option when a list is empty or repeats an item, or a code
    /// length is outside [1, 4096]: checked before any folder is made.
    /// </summary>
    void Validate()
    {
        static void Check<T>(string option, IReadOnlyList<T> items)
        {
            if (items.Count == 0) throw new InvalidInputException($"{option}: empty list");
            var repeated = items.GroupBy(item => item).FirstOrDefault(group => group.Count() > 1);
            if (repeated is not null) throw new InvalidInputException($"{option}: '{repeated.Key}' appears {repeated.Count()} times");
        }
        Check("--methods", Methods.Select(m => m.Name).ToList());
        Check("--bits", Bits);
        Check("--seeds", Seeds);
        foreach (var bits in Bits)
            if (bits is < 1 or > 4096) throw new InvalidInputException($"--bits: {bits} must be between 1 and 4096");
    }

    /// <summary>
    /// Runs the whole grid; <paramref name="log"/> receives the plan, progress and one line per cell, and
    /// <paramref name="charts"/> draws the folder's pictures at the end (null: tables only).
    /// </summary>
    public ReproduceResult Run(IExperimentLog? log = null, ResultChartWriter? charts = null)
    {
        log ??= IExperimentLog.Silent;
        var total = Stopwatch.StartNew();
        // Everything is validated before the results folder is touched: a rejected command changes no file.
        Validate();
        IO.OutputFolder.RequireCreatable(OutputDirectory, "--out");
        var device = ComputeDevice.Resolve(Device);
        var deviceName = device.type.ToString().ToLowerInvariant();
        var data = DatasetCatalog.Open(Preset.Dataset, Root, SplitSeed);
        var preset = Preset.FittedTo(data);
        bool finetune = preset.Training.Mode == TrainingMode.Finetune;
        foreach (var method in Methods.Where(m => m.IsTrained))
            foreach (var bits in Bits)
                method.Modify(preset.TrainingFor(bits, Seeds[0])).Validate(data.Split.Train.Length);
        // The validation protocol carves the same held-out images for fine-tuning (images) and the cached features.
        var experiment = new Experiment(data, preset.Features, device, log, Validation, SplitSeed);
        var imageData = experiment.Data;
        // Fine-tuning: the backbone (and any --weights) is loaded once here, so missing or mismatched weights are refused
        // before anything is written; it then serves the plan's probe.
        using var probeBackbone = finetune ? experiment.LoadBackbone() : null;
        var configuration = GridConfiguration(preset, deviceName);
        var identity = DataIdentity.Of(data);
        GridFolder.RequireSameGrid(OutputDirectory, configuration, "--out", identity);
        using var writer = IO.OutputFolder.Claim(OutputDirectory, "--out");
        GridFolder.RequireSameGrid(OutputDirectory, configuration, "--out", identity); // re-checked under the lock
        var grid = GridFolder.Open(OutputDirectory, configuration, identity);
        var provenance = RunProvenance.Capture(deviceName, Seeds.Count == 1 ? Seeds[0] : null);

        var cells = (from bits in Bits from seed in Seeds from method in Methods select (method, bits, seed)).ToList();
        var finished = cells.Select(c => grid.Finished(CellResult.NameOf(c.method.Name, c.bits, c.seed))).ToList();
        var pending = cells.Where((_, i) => finished[i] is null).ToList();
        log.Line($"{data.Name} ({data.Split.Protocol} protocol, split seed {data.Split.Seed}): {data.Split.Train.Length} train, {data.Split.Query.Length} query, " +
            $"{data.Split.Database.Length} database images; {preset.PrimaryMetric}; backbone {preset.Features.Backbone}@{preset.Features.InputSize}, " +
            (finetune ? $"fine-tuned end to end for {preset.Training.Epochs} epochs" : "frozen features"));
        log.Line($"device {deviceName} ({TorchRuntime.CpuThreads} CPU threads); {cells.Count} cells, {cells.Count - pending.Count} already finished in {OutputDirectory}");

        // Features: for every frozen-mode cell and for the classical methods of any grid.
        bool needFeatures = pending.Any(c => !c.method.IsTrained || !finetune);
        int? scaledTopK = Validation ? RetrievalOptions.ScaledTopK(preset.PrimaryTopK, imageData.Split.Database.Length, data.Split.Database.Length) : null;
        using var loaded = needFeatures ? experiment.LoadFeatures() : null;
        var features = loaded?.Features;
        var cacheStatus = loaded?.Status;
        double extractionSeconds = loaded?.Seconds ?? 0;
        if (Validation)
            log.Line($"validation protocol: {imageData.Split.Query.Length} held-out training images as queries, {imageData.Split.Database.Length} as training set and database; " +
                $"cut-off scaled to the validation database: mAP@{scaledTopK} (the test protocol's mAP@{preset.PrimaryTopK} over {data.Split.Database.Length} images)");
        var reportOptions = RetrievalOptions.Report(preset.PrimaryTopK, scaledTopK);
        var context = new RowContext(data, preset, provenance, deviceName, Validation);
        LogPlan(experiment, pending, preset, features, probeBackbone);

        var results = finished.Where(f => f is not null).Select(f => f!).ToList();
        int done = results.Count;
        foreach (var (method, bits, seed) in pending)
        {
            log.Line($"[{done + 1}/{cells.Count}] {method.Name} {bits} bits seed {seed}: {(method.IsTrained ? finetune ? "fine-tuning" : "training on cached features" : "fitting")} …");
            var cell = RunCell(experiment, preset, context, reportOptions, features, method, bits, seed);
            var report = cell.Rows.ToDictionary(r => r.Metric, r => r.Value);
            grid.Save(cell);
            results.Add(cell);
            string scaledValue = scaledTopK is { } k ? $", mAP@{k} {report[$"mAP@{RetrievalOptions.Label(k)}"]:F4}" : "";
            log.Line($"[{++done}/{cells.Count}] {method.Name,-16} {bits,3} bits  seed {seed}: {preset.PrimaryMetric} {report[$"mAP@{RetrievalOptions.Label(preset.PrimaryTopK)}"]:F4}{scaledValue}  ({cell.Seconds:F1} s)");
            if (done < cells.Count) WriteTables(preset, Ordered(results, cells), SummaryLine(preset, results, provenance, cacheStatus, null, cells.Count), scaledTopK);
        }

        var ordered = Ordered(results, cells);
        var rows = ordered.SelectMany(c => c.Rows).ToList();
        var curves = ordered.SelectMany(c => c.Curves).ToList();
        double reused = finished.Where(f => f is not null).Sum(f => f!.Seconds);
        var timing = new TimingBreakdown(extractionSeconds, ordered.Sum(c => c.EStep), ordered.Sum(c => c.MStep), ordered.Sum(c => c.Evaluation),
            ordered.Where(c => !Methods.First(m => m.Name == c.Method).IsTrained).Sum(c => c.Seconds), total.Elapsed.TotalSeconds + reused);
        var finishedProvenance = provenance.Finish();
        var files = WriteOutputs(preset, ordered, curves, timing, finishedProvenance,
            SummaryLine(preset, ordered, finishedProvenance, cacheStatus, timing, cells.Count), scaledTopK, charts);
        return new ReproduceResult(rows, curves, timing, OutputDirectory, files);
    }

    /// <summary>
    /// One cell: a trained method into <c>runs/&lt;cell&gt;/</c> (continued from its checkpoint when the folder holds this
    /// very run), or a classical hasher on the cached features; its rows carry the provenance columns.
    /// </summary>
    CellResult RunCell(Experiment experiment, ExperimentPreset preset, RowContext context,
        RetrievalOptions reportOptions, FrozenFeatures? features, MethodSpec method, int bits, long seed)
    {
        var watch = Stopwatch.StartNew();
        RetrievalReport report;
        double eStep = 0, mStep = 0, evaluation = 0;
        if (method.IsTrained)
        {
            var trainingOptions = method.Modify(preset.TrainingFor(bits, seed)) with { TopK = reportOptions.TopK };
            var runDirectory = Path.Combine(OutputDirectory, "runs", CellResult.NameOf(method.Name, bits, seed));
            var trained = method.MethodFor(trainingOptions);
            var runConfig = new RunConfig(experiment.Data.Name, null, SplitSeed, preset.Features, trainingOptions, trained?.Name);
            bool resume = Experiment.PrepareCellFolder(runDirectory, runConfig);
            if (resume) experiment.Log.Line($"  resuming from the checkpoint in {runDirectory}");
            var result = experiment.Train(trainingOptions, features, runDirectory, resume, trained);
            report = result.Final;
            (eStep, mStep, evaluation) = (result.Times.EStep, result.Times.MStep, result.Times.Evaluate);
        }
        else report = Experiment.Classical(method.Classical!, features!, bits, seed, reportOptions);
        double seconds = watch.Elapsed.TotalSeconds;
        bool finetuned = method.IsTrained && preset.Training.Mode == TrainingMode.Finetune;
        return new CellResult(method.Name, bits, seed, seconds, eStep, mStep, evaluation,
            context.Rows(method.Name, bits, seed, report, seconds, finetuned).ToList(), CurvesOf(method.Name, bits, seed, report).ToList());
    }

    /// <summary>What a grid is, as the JSON its folder records: it must match for finished cells to be reused.</summary>
    internal string GridConfiguration(ExperimentPreset preset, string device) => JsonFiles.Serialize(new
    {
        formatVersion = ConfigFormat.Version, preset = preset.Name, dataset = preset.Dataset, primaryMetric = preset.PrimaryMetric,
        features = preset.Features with { Folder = null }, training = preset.Training,
        methods = Methods.Select(m => m.Name), bits = Bits, seeds = Seeds, splitSeed = SplitSeed,
        validation = Validation, device,
    });

    /// <summary>Prints what will run: the cells left and, for trained ones, an estimate from a short measured probe.</summary>
    static void LogPlan(Experiment experiment, List<(MethodSpec Method, int Bits, long Seed)> pending, ExperimentPreset preset,
        FrozenFeatures? features, Backbones.Backbone? probeBackbone)
    {
        var log = experiment.Log;
        if (pending.Count == 0) { log.Line("nothing left to run: writing the tables from the finished cells"); return; }
        var trained = pending.Where(c => c.Method.IsTrained).ToList();
        RunCost? cost = null;
        if (trained.Count > 0)
        {
            var first = trained[0].Method.Modify(preset.TrainingFor(trained[0].Bits, trained[0].Seed));
            cost = experiment.Probe(first, features, probeBackbone);
            log.Line($"probe: {1000 * cost.StepSeconds:F1} ms per training step of {2 * first.BatchSize} views, {1000 * cost.EncodeSecondsPerImage:F2} ms per encoded image");
        }
        var split = experiment.Data.Split;
        long train = features?.Train.shape[0] ?? split.Train.Length;
        long query = features?.Query.shape[0] ?? split.Query.Length, database = features?.Database.shape[0] ?? split.Database.Length;
        double sum = 0;
        foreach (var (method, bits, seed) in pending)
        {
            if (!method.IsTrained) { log.Line($"  {CellResult.NameOf(method.Name, bits, seed),-28} classical on cached features (seconds)"); continue; }
            var training = method.Modify(preset.TrainingFor(bits, seed));
            double estimate = cost!.Estimate(training, train, query, database);
            sum += estimate;
            log.Line($"  {CellResult.NameOf(method.Name, bits, seed),-28} {training.Epochs} epochs, evaluated {(training.Evaluation == EvaluationSchedule.EveryEpoch ? "every epoch" : "after the last"),-16} ≈ {TimeSpan.FromSeconds(estimate):hh\\:mm\\:ss}{(method.Method is null ? "" : " (probed with DSCH's head; its own may be faster)")}");
        }
        if (trained.Count > 0) log.Line($"estimated training time ≈ {TimeSpan.FromSeconds(sum):hh\\:mm\\:ss} (a lower bound: E-step fits not included)");
    }

    /// <summary>The finished cells in the grid's order (bits, seed, method), whatever order they finished in.</summary>
    static List<CellResult> Ordered(List<CellResult> results, List<(MethodSpec Method, int Bits, long Seed)> cells)
    {
        var byName = results.ToDictionary(r => CellResult.NameOf(r.Method, r.Bits, r.Seed));
        return cells.Select(c => byName.GetValueOrDefault(CellResult.NameOf(c.Method.Name, c.Bits, c.Seed))).Where(r => r is not null).Select(r => r!).ToList();
    }

    static IEnumerable<CurvePoint> CurvesOf(string method, int bits, long seed, RetrievalReport report) =>
        report.PrecisionRecallByRadius.Select(p => new CurvePoint(method, bits, seed, CurvePoint.ByRadius, p.Radius, p.Precision, p.Recall))
            .Concat(report.PrecisionRecallAtN.Select(p => new CurvePoint(method, bits, seed, CurvePoint.AtN, p.N, p.Precision, p.Recall)));

    /// <summary>results.csv, curves.csv and summary.md of the cells finished so far (rewritten after every cell).</summary>
    List<string> WriteTables(ExperimentPreset preset, List<CellResult> cells, string summaryLine, int? scaledTopK)
    {
        var outDir = OutputDirectory;
        var rows = cells.SelectMany(c => c.Rows).ToList();
        ResultsCsv.Write(Path.Combine(outDir, "results.csv"), rows);
        CurvePoint.WriteCsv(Path.Combine(outDir, "curves.csv"), cells.SelectMany(c => c.Curves));
        // Multi-label tables also show mAP@1000 (FLICKR25K-style papers report both); validation leads with its scaled cut-off.
        var table = new List<string> { preset.PrimaryMetric };
        if (preset.PrimaryTopK == 5000 && scaledTopK is null) table.Add("mAP@1000");
        table.AddRange(["mAP@all", $"mAP_tie_aware@{preset.PrimaryTopK}", "P@r2"]);
        string[] metrics = scaledTopK is { } scaled ? [$"mAP@{scaled}", .. table] : [.. table];
        AtomicFile.WriteAllText(Path.Combine(outDir, "summary.md"), ResultsSummary.ToMarkdown(rows, metrics, summaryLine));
        return [Path.Combine(outDir, "results.csv"), Path.Combine(outDir, "curves.csv"), Path.Combine(outDir, "summary.md")];
    }

    IReadOnlyList<string> WriteOutputs(ExperimentPreset preset, List<CellResult> cells,
        List<CurvePoint> curves, TimingBreakdown timing, RunProvenance provenance, string summaryLine, int? scaledTopK, ResultChartWriter? charts)
    {
        var outDir = OutputDirectory;
        var files = new List<string>();
        void Text(string name, string text) { var p = Path.Combine(outDir, name); AtomicFile.WriteAllText(p, text); files.Add(p); }

        Text("config.json", JsonFiles.Serialize(new
        {
            formatVersion = ConfigFormat.Version, preset = preset.Name, dataset = preset.Dataset, primaryMetric = preset.PrimaryMetric, features = preset.Features with { Augmentation = preset.Features.Augmentation ?? AugmentationOptions.Paper },
            training = preset.Training, methods = Methods.Select(m => m.Name), bits = Bits, seeds = Seeds, splitSeed = SplitSeed,
        }));
        provenance.WriteTo(outDir);
        files.Add(Path.Combine(outDir, "provenance.json"));
        Text("timing.json", JsonFiles.Serialize(timing));
        files.AddRange(WriteTables(preset, cells, summaryLine, scaledTopK));
        if (charts is not null) files.AddRange(charts(outDir, cells.SelectMany(c => c.Rows).ToList(), curves, preset.PrimaryMetric));
        return files;
    }

    /// <summary>
    /// The provenance line on top of summary.md. Fine-tuning grids say which methods were fine-tuned; cells computed by
    /// other commits (a grid resumed after an update) list every commit.
    /// </summary>
    string FinetunedMethods()
    {
        var deep = Methods.Where(m => m.Method is not null).Select(m => m.Name).ToList();
        return deep.Count == 0 ? "DSCH and the contrastive baseline" : $"DSCH, the contrastive baseline and {string.Join(", ", deep)}";
    }

    string SummaryLine(ExperimentPreset preset, List<CellResult> cells, RunProvenance provenance,
        FeatureCacheStatus? cacheStatus, TimingBreakdown? timing, int cellCount)
    {
        var rows = cells.SelectMany(c => c.Rows).ToList();
        var commits = rows.Select(r => r.GitCommit[..Math.Min(12, r.GitCommit.Length)]).Distinct().ToList();
        if (commits.Count == 0) commits.Add(provenance.GitCommit[..Math.Min(12, provenance.GitCommit.Length)]);
        string cache = cacheStatus is null ? "" : $", cache: {cacheStatus.State}";
        string mode = preset.Training.Mode == TrainingMode.Finetune
            ? $"{FinetunedMethods()} fine-tuned end to end for {preset.Training.Epochs} epochs; classical methods on frozen features, {preset.Features.Views} views{cache}"
            : $"frozen features, {preset.Features.Views} views{cache}";
        string wall = timing is null ? $"{cells.Count} of {cellCount} cells finished" : $"wall time {timing.Total:F0} s";
        return $"Dataset {preset.Dataset}, protocol {rows.FirstOrDefault()?.Protocol}, split seed {SplitSeed}, " +
               $"backbone {preset.Features.Backbone}@{preset.Features.InputSize} ({mode}), " +
               $"seeds {string.Join(",", Seeds)}, device {provenance.Device}, commit {string.Join(", ", commits)}{(provenance.GitDirty ? " (dirty)" : "")}, " +
               $"TorchSharp {provenance.TorchSharpVersion}, {wall}.";
    }

    /// <summary>Fills the provenance columns of result rows.</summary>
    sealed class RowContext(HashingDataset data, ExperimentPreset preset, RunProvenance provenance, string device, bool validation)
    {
        readonly string _versions = $"dsch {provenance.DschVersion}; torchsharp {provenance.TorchSharpVersion}; libtorch {provenance.LibTorchVersion}; dotnet {provenance.DotNetVersion}";

        /// <summary>The rows of one cell; a fine-tuned cell's backbone column reads <c>resnet18@32+finetune</c>.</summary>
        public IEnumerable<ResultRow> Rows(string method, int bits, long seed, RetrievalReport report, double seconds, bool finetuned)
        {
            string backbone = $"{preset.Features.Backbone}@{preset.Features.InputSize}" + (finetuned ? "+finetune" : "");
            ResultRow Row(string metric, double value) => new(data.Name, validation ? data.Split.Protocol + "+validation" : data.Split.Protocol, data.Split.Seed, method, bits, seed, metric, value,
                backbone, device, seconds, _versions, provenance.GitCommit);
            foreach (var (k, value) in report.MapAtK) yield return Row($"mAP@{k}", value);
            foreach (var (k, value) in report.TieAwareMapAtK) yield return Row($"mAP_tie_aware@{k}", value);
            yield return Row("P@r2", report.PrecisionRadius2);
        }
    }
}
