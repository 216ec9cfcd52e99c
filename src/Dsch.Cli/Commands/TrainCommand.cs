using System.CommandLine;
using Dsch.Components;
using Dsch.Config;
using Dsch.Data;
using Dsch.Experiments;
using Dsch.Features;
using Dsch.IO;
using Dsch.Runtime;
using Dsch.Training;
using Spectre.Console;

namespace Dsch.Cli.Commands;

/// <summary>
/// <c>dsch train</c>: one DSCH run (EM loop) with every switch of docs/method.md as an option; writes a run directory
/// with config, provenance, metrics.jsonl, a checkpoint and the final codes; <c>--resume DIR</c> continues it.
/// </summary>
static class TrainCommand
{
    public static Command Create()
    {
        var o = new TrainOptions();
        var command = new Command("train", "Train DSCH (E-step before every epoch, two-view M-step) and evaluate after every epoch.");
        foreach (var option in o.All) command.Options.Add(option);
        command.SetAction(parse => CliExit.Guard(() => Run(parse, o)));
        return command;
    }

    static int Run(ParseResult parse, TrainOptions o)
    {
        // Everything is checked before the run folder is created or touched: a rejected command changes no file.
        var resume = parse.GetValue(o.Resume);
        var device = ComputeDevice.Resolve(ComputeDevice.Parse(parse.GetValue(o.Device)!));
        HashingDataset data;
        RunConfig config;
        int resumedAt = 0;
        if (resume is not null)
        {
            RequireOnlyDeviceWithResume(parse, o);
            config = RunConfig.ReadFrom(resume);
            resumedAt = Checkpoint.CompletedEpochs(resume);
            if (resumedAt >= config.Training.Epochs)
                throw new InvalidInputException($"--resume {PathText.Quote(resume)}: the run has finished its {config.Training.Epochs} epochs; nothing to continue (no file changed)");
            data = OpenRecordedData(resume, config);
        }
        else
        {
            o.CheckRanges(parse);                                               // before the (slow) dataset load
            var output = parse.GetValue(o.Output);
            if (output is not null) RequireNoRun(output);
            data = DatasetCatalog.Open(parse.GetValue(o.Dataset)!, parse.GetValue(o.Root), 0);
            config = o.ToConfig(parse, data);
        }
        config.Training.Validate(data.Split.Train.Length);
        var runDirectory = resume ?? parse.GetValue(o.Output) ?? DefaultRunDirectory(config);
        using var writer = OutputFolder.Claim(runDirectory, resume is null ? "--out" : "--resume");
        if (resume is null)
        {
            RequireNoRun(runDirectory);                                         // re-checked under the lock
            config.WriteTo(runDirectory);
        }
        DataIdentity.Of(data).RecordIn(runDirectory);                          // a run of an older version gets its record now
        var provenance = RunProvenance.Capture(device.type.ToString().ToLowerInvariant(), config.Training.Seed);
        Console.WriteLine($"{data.Name}: {data.Split.Train.Length} train, {data.Split.Query.Length} query, {data.Split.Database.Length} database; " +
                          $"{config.Training.Bits} bits, seed {config.Training.Seed}, τ {config.Training.Loss.Tau}, λ {config.Training.Loss.Lambda}, " +
                          $"m1 {config.Training.Components.M1}, m2 {config.Training.Components.M2} -> {runDirectory}");
        var experiment = new Experiment(data, config.Features, device, ProgressLines.ForConsole());
        using var features = config.Training.Mode == TrainingMode.Finetune ? null : experiment.LoadFeatures();
        var result = experiment.Train(config.Training, features?.Features, runDirectory, resume: resume is not null);
        if (resume is null) provenance.Finish().WriteTo(runDirectory);
        else provenance.Finish().WriteResumedTo(runDirectory, resumedAt);

        var table = new Table().AddColumns("epoch", "loss", "L_ic", "L_cc^f", "L_cc^c", "log-lik", "mAP@" + result.Final.MapAtK.Keys.First(), "E s", "M s");
        foreach (var e in result.History)
            table.AddRow($"{e.Epoch}", $"{e.LossTotal:F4}", $"{e.LossInstance:F4}", $"{e.LossFine:F4}", $"{e.LossCoarse:F4}",
                $"{e.EStepLogLikelihood:F2}", e.Map.Count == 0 ? "–" : $"{e.MapAt(result.Final.MapAtK.Keys.First()):F4}", $"{e.EStepSeconds:F1}", $"{e.MStepSeconds:F1}");
        AnsiConsole.Write(table);
        foreach (var (k, v) in result.Final.MapAtK) Console.WriteLine($"final (last epoch) mAP@{k} = {v:F4}");
        Console.WriteLine($"best-on-test epoch {result.BestOnTestEpoch}: {result.BestOnTestMap:F4} (extra only: selected on the queries)");
        Console.WriteLine($"time: E-steps {result.Times.EStep:F1} s, M-steps {result.Times.MStep:F1} s, evaluation {result.Times.Evaluate:F1} s");
        return CliExit.Success;
    }

    /// <summary>
    /// <c>--resume</c> continues with the run's own config.json; any other option but <c>--device</c> would be ignored
    /// in silence, so it is refused.
    /// </summary>
    static void RequireOnlyDeviceWithResume(ParseResult parse, TrainOptions o)
    {
        foreach (var option in o.All)
            if (option != o.Resume && option != o.Device && parse.GetResult(option) is { Implicit: false })
                throw new InvalidInputException($"{option.Name}: not allowed with --resume (the run continues with its own config.json; start a new run with --out to change it)");
    }

    /// <summary>
    /// The data a run is resumed on: the absolute folder its <c>data.json</c> records (config.json's root may be relative
    /// to another working folder), which must still hold the same split, labels and images; a run of an older version
    /// without the record opens config.json's root.
    /// </summary>
    static HashingDataset OpenRecordedData(string run, RunConfig config)
    {
        var recorded = DataIdentity.ReadFrom(run);
        if (recorded is not null && !Directory.Exists(recorded.Root))
            throw InvalidInputException.At(Path.Combine(run, DataIdentity.FileName), "root",
                $"the run was trained on {PathText.Quote(recorded.Root)}, which no longer exists; restore that folder to resume");
        var data = DatasetCatalog.Open(config.Dataset, recorded?.Root ?? config.Root, config.SplitSeed);
        DataIdentity.RequireSame(run, DataIdentity.Of(data), "--resume");
        return data;
    }

    /// <summary>A new run never writes into a folder that holds another run (its config.json would be replaced beside foreign checkpoints).</summary>
    static void RequireNoRun(string folder)
    {
        OutputFolder.RequireCreatable(folder, "--out");
        if (RunConfig.ExistsIn(folder) || Checkpoint.Exists(folder))
            throw new InvalidInputException($"--out {PathText.Quote(folder)}: already holds a training run; continue it with --resume {PathText.Quote(folder)} or choose another --out");
    }

    static string DefaultRunDirectory(RunConfig config) =>
        Path.Combine(RepositoryLayout.FindRoot() ?? Environment.CurrentDirectory, "runs",
            $"train-{config.Dataset}-{config.Training.Bits}b-s{config.Training.Seed}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
}
