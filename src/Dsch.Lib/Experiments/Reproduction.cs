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

/// <summary>What <c>dsch reproduce</c> / <c>dsch ablate</c> run.</summary>
/// <param name="Preset">Experiment preset (its dataset may be overridden by the caller).</param>
/// <param name="Methods">Methods (or ablation variants) to run at every bits × seed.</param>
/// <param name="Bits">Code lengths.</param>
/// <param name="Seeds">Training seeds.</param>
/// <param name="OutputDirectory">Results folder (results.csv, curves.csv, summary.md, plots, runs/).</param>
/// <param name="Root">Dataset folder, or null to locate it.</param>
/// <param name="SplitSeed">Split seed (0 = the committed default split).</param>
/// <param name="Device">Compute device choice.</param>
/// <param name="Validation">Evaluate on a validation split carved from the training set (<see cref="ValidationSplit"/>)
/// instead of the queries: the honest way to choose hyper-parameters.</param>
public sealed record ReproduceOptions(ExperimentPreset Preset, IReadOnlyList<MethodSpec> Methods, IReadOnlyList<int> Bits,
    IReadOnlyList<long> Seeds, string OutputDirectory, string? Root = null, int SplitSeed = 0, DeviceChoice Device = DeviceChoice.Auto,
    bool Validation = false)
{
    /// <summary>
    /// Throws <see cref="InvalidInputException"/> naming the option when a list is empty or repeats an item, or a code
    /// length is outside [1, 4096]: checked before any folder is made.
    /// </summary>
    public ReproduceOptions Validate()
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
        return this;
    }
}

/// <summary>Wall time per phase of a reproduction, seconds.</summary>
public sealed record TimingBreakdown(double Extraction, double EStep, double MStep, double Evaluation, double Classical, double Total);

/// <summary>What a reproduction produced.</summary>
public sealed record ReproduceResult(IReadOnlyList<ResultRow> Rows, IReadOnlyList<CurvePoint> Curves, TimingBreakdown Timing,
    string OutputDirectory, IReadOnlyList<string> Files);

/// <summary>
/// Runs every method × bits × seed on one dataset with shared cached features and writes the results folder:
/// <c>results.csv</c> (long format), <c>curves.csv</c>, <c>summary.md</c>, charts (HTML + PNG), <c>config.json</c>,
/// <c>provenance.json</c>, <c>timing.json</c> and one <c>runs/&lt;method&gt;-&lt;bits&gt;b-s&lt;seed&gt;/</c> folder per trained run.
/// </summary>
public static class Reproduction
{
    /// <summary>Runs the whole grid; <paramref name="log"/> receives one line per finished run.</summary>
    public static ReproduceResult Run(ReproduceOptions options, Action<string>? log = null,
        IProgress<ExtractionProgress>? extraction = null, IProgress<TrainingProgress>? training = null)
    {
        log ??= _ => { };
        var total = Stopwatch.StartNew();
        // Everything is validated before the results folder is touched: a rejected command changes no file.
        options.Validate();
        IO.OutputFolder.RequireCreatable(options.OutputDirectory, "--out");
        var device = ComputeDevice.Resolve(options.Device);
        var data = DatasetCatalog.Open(options.Preset.Dataset, options.Root, options.SplitSeed);
        var preset = options.Preset.FittedTo(data);
        if (preset.Training.Mode != TrainingMode.Frozen)
            throw new InvalidInputException($"--preset {preset.Name}: fine-tuning runs through 'dsch train --mode finetune'; reproduce uses cached features (frozen mode)");
        foreach (var method in options.Methods.Where(m => m.IsTrained))
            foreach (var bits in options.Bits)
                method.Modify(preset.TrainingFor(bits, options.Seeds[0])).Validate(data.Split.Train.Length);
        using var writer = IO.OutputFolder.Claim(options.OutputDirectory, "--out");
        var provenance = RunProvenance.Capture(device.type.ToString().ToLowerInvariant(), options.Seeds.Count == 1 ? options.Seeds[0] : null);

        var extractionWatch = Stopwatch.StartNew();
        using var cached = FeatureCacheExtraction.GetOrExtract(data, preset.Features, extraction, out var cacheStatus);
        double extractionSeconds = extractionWatch.Elapsed.TotalSeconds;
        log($"features: {cacheStatus.State} ({cacheStatus.Reason}), {extractionSeconds:F1} s");
        var features = FrozenFeatures.From(cached, data);
        if (options.Validation)
        {
            features = ValidationSplit.Carve(features, data.Labels.Select(data.Split.Train), options.SplitSeed);
            log($"validation protocol: {features.Query.shape[0]} held-out training images as queries, {features.Database.shape[0]} as training set and database");
        }
        var relevance = Relevance.Between(features.QueryLabels, features.DatabaseLabels);
        // The diagnostics' purity reads the training labels through a probe; training never sees them.
        var purity = new PurityProbe(options.Validation ? features.DatabaseLabels : data.Labels.Select(data.Split.Train));
        int? scaledTopK = options.Validation ? RetrievalOptions.ScaledTopK(preset.PrimaryTopK, features.Database.shape[0], data.Split.Database.Length) : null;
        if (scaledTopK is { } scaled) log($"validation cut-off scaled to the validation database: mAP@{scaled} (the test protocol's mAP@{preset.PrimaryTopK} over {data.Split.Database.Length} images)");
        var reportOptions = RetrievalOptions.Report(preset.PrimaryTopK, scaledTopK);
        var context = new RowContext(data, preset, provenance, device.type.ToString().ToLowerInvariant(), options.Validation);

        var rows = new List<ResultRow>();
        var curves = new List<CurvePoint>();
        double eStep = 0, mStep = 0, evaluation = 0, classical = 0;
        int done = 0, count = options.Methods.Count * options.Bits.Count * options.Seeds.Count;
        foreach (var bits in options.Bits)
        foreach (var seed in options.Seeds)
        foreach (var method in options.Methods)
        {
            var watch = Stopwatch.StartNew();
            RetrievalReport report;
            if (method.IsTrained)
            {
                var trainingOptions = method.Modify(preset.TrainingFor(bits, seed)) with { TopK = reportOptions.TopK };
                var runDirectory = Path.Combine(options.OutputDirectory, "runs", $"{method.Name}-{bits}b-s{seed}");
                // A run left by an interrupted reproduction starts again from nothing: none of its files (checkpoint, codes) survive.
                if (Directory.Exists(runDirectory)) Directory.Delete(runDirectory, recursive: true);
                Directory.CreateDirectory(runDirectory);
                var result = new DschTrainer(trainingOptions, device, runDirectory, training, purity).TrainFrozen(features);
                report = result.Final;
                eStep += result.Times.EStep; mStep += result.Times.MStep; evaluation += result.Times.Evaluate;
            }
            else
            {
                report = Classical(method.Classical!, features, relevance, bits, seed, reportOptions);
                classical += watch.Elapsed.TotalSeconds;
            }
            double seconds = watch.Elapsed.TotalSeconds;
            rows.AddRange(context.Rows(method.Name, bits, seed, report, seconds));
            curves.AddRange(CurvesOf(method.Name, bits, seed, report));
            string scaledValue = scaledTopK is { } k ? $", mAP@{k} {report.MapAtK[RetrievalOptions.Label(k)]:F4}" : "";
            log($"[{++done}/{count}] {method.Name,-16} {bits,3} bits  seed {seed}: {preset.PrimaryMetric} {report.MapAtK[RetrievalOptions.Label(preset.PrimaryTopK)]:F4}{scaledValue}  ({seconds:F1} s)");
        }

        var timing = new TimingBreakdown(extractionSeconds, eStep, mStep, evaluation, classical, total.Elapsed.TotalSeconds);
        var files = WriteOutputs(options, preset, rows, curves, timing, provenance.Finish(), cacheStatus, scaledTopK);
        return new ReproduceResult(rows, curves, timing, options.OutputDirectory, files);
    }

    static RetrievalReport Classical(string method, FrozenFeatures features, Relevance relevance, int bits, long seed, RetrievalOptions reportOptions)
    {
        var hasher = Hasher.Fit(method, FeatureMatrix.FromTensor(features.Train), bits, checked((int)seed));
        var queries = hasher.Encode(FeatureMatrix.FromTensor(features.Query));
        var database = hasher.Encode(FeatureMatrix.FromTensor(features.Database));
        return HammingRetrieval.Evaluate(queries, database, relevance, reportOptions);
    }

    static IEnumerable<CurvePoint> CurvesOf(string method, int bits, long seed, RetrievalReport report) =>
        report.PrecisionRecallByRadius.Select(p => new CurvePoint(method, bits, seed, CurvePoint.ByRadius, p.Radius, p.Precision, p.Recall))
            .Concat(report.PrecisionRecallAtN.Select(p => new CurvePoint(method, bits, seed, CurvePoint.AtN, p.N, p.Precision, p.Recall)));

    static IReadOnlyList<string> WriteOutputs(ReproduceOptions options, ExperimentPreset preset, List<ResultRow> rows,
        List<CurvePoint> curves, TimingBreakdown timing, RunProvenance provenance, FeatureCacheStatus cacheStatus, int? scaledTopK)
    {
        var outDir = options.OutputDirectory;
        var files = new List<string>();
        void Text(string name, string text) { var p = Path.Combine(outDir, name); AtomicFile.WriteAllText(p, text); files.Add(p); }

        var json = new JsonSerializerOptions { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        Text("config.json", JsonSerializer.Serialize(new
        {
            preset = preset.Name, dataset = preset.Dataset, primaryMetric = preset.PrimaryMetric, features = preset.Features with { Augmentation = preset.Features.Augmentation ?? AugmentationOptions.Paper },
            training = preset.Training, methods = options.Methods.Select(m => m.Name), bits = options.Bits, seeds = options.Seeds, splitSeed = options.SplitSeed,
        }, json));
        provenance.WriteTo(outDir);
        files.Add(Path.Combine(outDir, "provenance.json"));
        Text("timing.json", JsonSerializer.Serialize(timing, json));
        ResultsCsv.Write(Path.Combine(outDir, "results.csv"), rows);
        files.Add(Path.Combine(outDir, "results.csv"));
        CurvePoint.WriteCsv(Path.Combine(outDir, "curves.csv"), curves);
        files.Add(Path.Combine(outDir, "curves.csv"));
        var line = $"Dataset {preset.Dataset}, protocol {rows.FirstOrDefault()?.Protocol}, split seed {options.SplitSeed}, " +
                   $"backbone {preset.Features.Backbone}@{preset.Features.InputSize} (frozen features, {preset.Features.Views} views, cache: {cacheStatus.State}), " +
                   $"seeds {string.Join(",", options.Seeds)}, device {provenance.Device}, commit {provenance.GitCommit[..Math.Min(12, provenance.GitCommit.Length)]}{(provenance.GitDirty ? " (dirty)" : "")}, " +
                   $"TorchSharp {provenance.TorchSharpVersion}, wall time {timing.Total:F0} s.";
        // Multi-label tables also show mAP@1000 (FLICKR25K-style papers report both); validation leads with its scaled cut-off.
        var table = new List<string> { preset.PrimaryMetric };
        if (preset.PrimaryTopK == 5000 && scaledTopK is null) table.Add("mAP@1000");
        table.AddRange(["mAP@all", $"mAP_tie_aware@{preset.PrimaryTopK}", "P@r2"]);
        string[] metrics = scaledTopK is { } scaled ? [$"mAP@{scaled}", .. table] : [.. table];
        Text("summary.md", ResultsSummary.ToMarkdown(rows, metrics, line));
        files.AddRange(ResultPlots.WriteAll(outDir, rows, curves, preset.PrimaryMetric));
        return files;
    }

    /// <summary>Fills the provenance columns of result rows.</summary>
    sealed class RowContext(HashingDataset data, ExperimentPreset preset, RunProvenance provenance, string device, bool validation)
    {
        readonly string _versions = $"dsch {provenance.DschVersion}; torchsharp {provenance.TorchSharpVersion}; libtorch {provenance.LibTorchVersion}; dotnet {provenance.DotNetVersion}";

        public IEnumerable<ResultRow> Rows(string method, int bits, long seed, RetrievalReport report, double seconds)
        {
            ResultRow Row(string metric, double value) => new(data.Name, validation ? data.Split.Protocol + "+validation" : data.Split.Protocol, data.Split.Seed, method, bits, seed, metric, value,
                $"{preset.Features.Backbone}@{preset.Features.InputSize}", device, seconds, _versions, provenance.GitCommit);
            foreach (var (k, value) in report.MapAtK) yield return Row($"mAP@{k}", value);
            foreach (var (k, value) in report.TieAwareMapAtK) yield return Row($"mAP_tie_aware@{k}", value);
            yield return Row("P@r2", report.PrecisionRadius2);
        }
    }
}
