using System.CommandLine;
using Dsch.Data;
using Dsch.Features;
using Spectre.Console;

namespace Dsch.Cli.Commands;

/// <summary>
/// <c>dsch extract --dataset NAME --backbone resnet18|vgg16|vgg19 [--weights FILE] [--input-size S] [--views V]
/// [--batch-size B] [--out DIR]</c>: backbone features of the split's query, database and training images plus
/// V augmented views per training image, cached for the frozen-features mode (reused while the manifest matches).
/// </summary>
static class ExtractCommand
{
    public static Command Create()
    {
        var common = DataCommand.Common.Create();
        var backbone = new Option<string>("--backbone") { Description = "resnet18 (offline ImageNet ONNX), vgg16 or vgg19 (need --weights).", DefaultValueFactory = _ => "resnet18" };
        var weights = new Option<string?>("--weights") { Description = "VGG: TorchVision state dict (.pth or .safetensors); see docs/backbones.md." };
        var size = new Option<int>("--input-size") { Description = "Side S the images are resized to (32..1024).", DefaultValueFactory = _ => 64 };
        var views = new Option<int>("--views") { Description = "Augmented views V per training image.", DefaultValueFactory = _ => 8 };
        var batch = new Option<int>("--batch-size") { Description = "Images per backbone forward pass.", DefaultValueFactory = _ => 64 };
        var seed = new Option<long>("--seed") { Description = "Seed of the augmented views.", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out") { Description = "Cache folder (default .cache/features/<dataset>/<backbone>-<S>-v<V>)." };
        var threads = new Option<int?>("--threads") { Description = "libtorch CPU threads (default: all cores; 1 is faster on a busy machine)." };
        var command = new Command("extract", "Extract and cache backbone features (query, database, train + V augmented train views).");
        common.AddTo(command);
        foreach (var option in new Option[] { backbone, weights, size, views, batch, seed, output, threads }) command.Options.Add(option);
        command.SetAction(parse => CliExit.Guard(() =>
        {
            var options = new FeatureCacheOptions(parse.GetValue(backbone)!, parse.GetValue(weights), parse.GetValue(size),
                parse.GetValue(views), parse.GetValue(batch), parse.GetValue(seed), null, parse.GetValue(output)).Validate();
            if (options.Folder is not null) Dsch.IO.OutputFolder.RequireCreatable(options.Folder, "--out");
            if (parse.GetValue(threads) is int n)
            {
                if (n < 1) throw new InvalidInputException($"--threads {n}: must be ≥ 1");
                TorchSharp.torch.set_num_threads(n);
            }
            return Run(common.Open(parse), options);
        }));
        return command;
    }

    static int Run(HashingDataset data, FeatureCacheOptions options)
    {
        var folder = options.Folder ?? FeatureCacheExtraction.DefaultFolder(data.Name, options);
        options = options with { Folder = folder };
        Console.WriteLine($"dataset {data.Name}: {data.Split.Query.Length} query, {data.Split.Database.Length} database, {data.Split.Train.Length} train; " +
                          $"backbone {options.Backbone} at {options.InputSize} px, V = {options.Views}, B = {options.BatchSize}");
        FeatureCacheManifest? manifest = null;
        FeatureCacheStatus status = new(FeatureCacheState.Missing, "");
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("checking cache", maxValue: 1);
                var progress = new Progress(update =>
                {
                    task.MaxValue = update.Total;
                    task.Value = update.Done;
                    task.Description = $"{update.Stage,-7} {update.Done}/{update.Total} images, {update.ImagesPerSecond:F0} img/s, ETA {update.Eta:hh\\:mm\\:ss}";
                });
                manifest = FeatureCacheExtraction.Ensure(data, options, progress, out status);
                task.Value = task.MaxValue;
            });
        if (manifest is null) throw new InvalidOperationException("extraction finished without a manifest");
        Console.WriteLine(status.State == FeatureCacheState.Valid
            ? $"reused the cache in {folder}"
            : $"extracted ({status.State.ToString().ToLowerInvariant()}: {status.Reason}) in {manifest.Seconds:F1} s, {manifest.ImagesPerSecond:F1} images/s -> {folder}");
        foreach (var file in manifest.Files)
            Console.WriteLine($"  {file.Name,-16} ({string.Join(", ", file.Shape)})  {file.Bytes / 1e6:F1} MB  sha256 {file.Sha256[..16]}…");
        return CliExit.Success;
    }

    /// <summary>Reports synchronously on the extracting thread (Spectre's progress is thread-safe).</summary>
    sealed class Progress(Action<ExtractionProgress> report) : IProgress<ExtractionProgress>
    {
        public void Report(ExtractionProgress value) => report(value);
    }
}
