using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dsch.Backbones;
using Dsch.Data;
using Dsch.Features;
using Dsch.Runtime;
using static TorchSharp.torch;

namespace Dsch.Cli.Commands;

/// <summary>
/// <c>dsch bench extract</c>: times the frozen-features extraction of the quick preset on N Fashion-MNIST training
/// images — (a) the ResNet-18 forward pass alone on batches already in memory, and (b) the whole path the feature
/// cache runs (decode, resize, augment the V views, to tensor, normalise, forward, copy out) through
/// <see cref="FeatureCacheExtractor"/> itself — and prints images per second for each. <c>tools/bench_extract.py</c>
/// runs the same network in PyTorch on the same CPU and prints both side by side (docs/performance.md).
/// </summary>
static class BenchExtractCommand
{
    sealed record Settings(int Images, int Views, int BatchSize, int InputSize, bool Json);

    public static Command Create()
    {
        var images = new Option<int>("--images") { Description = "N training images (clean), each also extracted in V augmented views.", DefaultValueFactory = _ => 2048 };
        var views = new Option<int>("--views") { Description = "Augmented views V per image in the whole-path timing.", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch-size") { Description = "Images per forward pass (the quick preset's 64).", DefaultValueFactory = _ => 64 };
        var size = new Option<int>("--input-size") { Description = "Input side in px (the quick preset's 32 on Fashion-MNIST).", DefaultValueFactory = _ => 32 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (for tools/bench_extract.py) instead of text." };
        var command = new Command("extract", "Time feature extraction: the ResNet-18 forward pass alone and the whole path (decode, views, forward).")
        {
            images, views, batch, size, json,
        };
        command.SetAction(parse => CliExit.Guard(() => Run(new Settings(parse.GetValue(images), parse.GetValue(views),
            parse.GetValue(batch), parse.GetValue(size), parse.GetValue(json)))));
        return command;
    }

    static int Run(Settings s)
    {
        if (s.Images < 1 || s.Images > 60000) throw new InvalidInputException($"--images: {s.Images} is outside 1…60000");
        if (s.Views is < 0 or > 64) throw new InvalidInputException($"--views: {s.Views} is outside 0…64");
        if (s.BatchSize is < 1 or > 4096) throw new InvalidInputException($"--batch-size: {s.BatchSize} is outside 1…4096");
        var data = DatasetCatalog.Open("fashion-mnist", null, 0);
        using var backbone = BackboneCatalog.Create("resnet18");
        if (s.InputSize < backbone.MinimumInputSize || s.InputSize > 1024)
            throw new InvalidInputException($"--input-size: {s.InputSize} px is outside {backbone.MinimumInputSize}…1024 for resnet18");
        var train = data.Split.Train.Concat(data.Split.Database).Take(s.Images).ToArray();
        double forward = ForwardOnly(backbone, data, train, s);
        var options = new FeatureCacheOptions(Backbone: "resnet18", InputSize: s.InputSize, Views: s.Views, BatchSize: s.BatchSize);
        var full = FeatureCacheExtraction.SourceFor(data, options);
        var source = new FeatureCacheSource([], [], train, full.LoadBatch);
        var result = FeatureCacheExtractor.Run(backbone, source, s.Views, s.BatchSize);
        long total = (long)train.Length * (1 + s.Views);
        double whole = total / result.Seconds;
        if (s.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                implementation = "TorchSharp " + Runtime.TorchRuntime.TorchSharpVersion + " / libtorch " + Runtime.TorchRuntime.LibTorchVersion,
                threads = get_num_threads(), streams = InferenceStreams.CountFor(CPU, int.MaxValue), batch = s.BatchSize, inputSize = s.InputSize, images = train.Length, views = s.Views,
                forwardImagesPerSecond = forward, wholeImagesPerSecond = whole, wholeImages = total, wholeSeconds = result.Seconds,
            }));
            return CliExit.Success;
        }
        Console.WriteLine($"ResNet-18 ({string.Join(",", ((ResNet18)backbone).BlocksPerStage)} blocks) at {s.InputSize} px, batch {s.BatchSize}, {get_num_threads()} threads in {InferenceStreams.CountFor(CPU, int.MaxValue)} stream(s):");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  forward only   {forward,8:F0} images/s ({train.Length} images in memory)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  whole path     {whole,8:F0} images/s ({train.Length} clean + {s.Views} × {train.Length} views, decode to features)"));
        return CliExit.Success;
    }

    /// <summary>
    /// Images per second of eval-mode, no-grad forward passes over <paramref name="train"/>, decoded beforehand (one
    /// warm-up batch untimed), the batches spread over <see cref="InferenceStreams"/> as the extractor spreads them.
    /// </summary>
    static double ForwardOnly(Backbone backbone, HashingDataset data, int[] train, Settings s)
    {
        backbone.eval();
        var batches = train.Chunk(s.BatchSize).Select(b => ImagePipeline.LoadBatch(data, b, s.InputSize, null, 0, 0, 0)).ToArray(); // (B, 3, S, S) each
        try
        {
            using (no_grad())
            using (NewDisposeScope()) backbone.forward(batches[0]);
            var clock = Stopwatch.StartNew();
            InferenceStreams.ForEachBatch(CPU, train.Length, s.BatchSize, batch => batches[batch.Index], (_, images) =>
            {
                using var noGrad = no_grad();
                using var scope = NewDisposeScope();
                backbone.forward(images).cpu().contiguous().data<float>().ToArray();    // (B, 512), copied out as the cache does
            });
            return train.Length / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var images in batches) images.Dispose();
        }
    }
}
