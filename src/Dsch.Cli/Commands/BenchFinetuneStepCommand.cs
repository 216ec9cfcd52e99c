using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dsch.Backbones;
using Dsch.Data;
using Dsch.Training;
using static TorchSharp.torch;

namespace Dsch.Cli.Commands;

/// <summary>
/// <c>dsch bench finetune-step</c>: times one fine-tuning step of the trainer's M-step — two augmented views of B
/// training images decoded and rendered (the data), then forward, loss, backward and Adam through the pretrained
/// ResNet-18 + hash head — and prints the median of each phase. <c>tools/bench_finetune_step.py</c> runs the same step
/// in PyTorch on the same CPU and prints both side by side (docs/performance.md).
/// </summary>
static class BenchFinetuneStepCommand
{
    sealed record Settings(int Steps, int Warmup, int BatchSize, int InputSize, int Bits, bool Json);

    public static Command Create()
    {
        var steps = new Option<int>("--steps") { Description = "Timed steps (the median is reported).", DefaultValueFactory = _ => 20 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps first (allocator and kernel warm-up).", DefaultValueFactory = _ => 3 };
        var batch = new Option<int>("--batch-size") { Description = "B images per step (2B views).", DefaultValueFactory = _ => 15 };
        var size = new Option<int>("--input-size") { Description = "Input side in px.", DefaultValueFactory = _ => 32 };
        var bits = new Option<int>("--bits") { Description = "Code length of the head.", DefaultValueFactory = _ => 32 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (for tools/bench_finetune_step.py) instead of text." };
        var command = new Command("finetune-step", "Time one fine-tuning step (data, forward + loss, backward, Adam) of ResNet-18 + hash head.")
        {
            steps, warmup, batch, size, bits, json,
        };
        command.SetAction(parse => CliExit.Guard(() => Run(new Settings(parse.GetValue(steps), parse.GetValue(warmup),
            parse.GetValue(batch), parse.GetValue(size), parse.GetValue(bits), parse.GetValue(json)))));
        return command;
    }

    static int Run(Settings s)
    {
        if (s.Steps < 1 || s.Warmup < 0) throw new InvalidInputException("--steps must be ≥ 1 and --warmup ≥ 0");
        if (s.BatchSize < 2) throw new InvalidInputException($"--batch-size: {s.BatchSize} must be ≥ 2");
        var data = DatasetCatalog.Open("fashion-mnist", null, 0);
        using var backbone = BackboneCatalog.Create("resnet18");
        if (s.InputSize < backbone.MinimumInputSize || s.InputSize > 1024)
            throw new InvalidInputException($"--input-size: {s.InputSize} px is outside {backbone.MinimumInputSize}…1024 for resnet18");
        var encoder = new HashEncoder(backbone, s.Bits, seed: 0);
        encoder.UnfreezeBackbone();
        encoder.train();
        using var optimizer = new TrainingOptimizer(encoder.parameters().Where(p => p.requires_grad), OptimizerOptions.StandardAdam());
        var loss = LossOptions.ContrastiveBaseline(0.3);
        var phases = new Dictionary<string, List<double>> { ["data"] = [], ["forward"] = [], ["backward"] = [], ["adam"] = [], ["step"] = [] };
        var clock = new Stopwatch();
        for (int step = 0; step < s.Warmup + s.Steps; step++)
        {
            using var scope = NewDisposeScope();
            var indices = Enumerable.Range(step * s.BatchSize, s.BatchSize).Select(i => data.Split.Train[i % data.Split.Train.Length]).ToArray();
            clock.Restart();
            var a = ImagePipeline.LoadBatch(data, indices, s.InputSize, AugmentationOptions.Paper, 0, 0, view: 0);   // (B, 3, S, S)
            var b = ImagePipeline.LoadBatch(data, indices, s.InputSize, AugmentationOptions.Paper, 0, 0, view: 1);   // (B, 3, S, S)
            var x = stack([a, b], 1).reshape(-1, 3, s.InputSize, s.InputSize);                                     // (2B, 3, S, S)
            double dataSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var terms = DschLoss.Compute(encoder.forward(x), null, loss);
            double forwardSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            optimizer.ZeroGrad();
            terms.Total.backward();
            double backwardSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            optimizer.Step();
            double adamSeconds = clock.Elapsed.TotalSeconds;
            if (step < s.Warmup) continue;
            phases["data"].Add(dataSeconds);
            phases["forward"].Add(forwardSeconds);
            phases["backward"].Add(backwardSeconds);
            phases["adam"].Add(adamSeconds);
            phases["step"].Add(dataSeconds + forwardSeconds + backwardSeconds + adamSeconds);
        }
        var medians = phases.ToDictionary(p => p.Key, p => Median(p.Value) * 1000);
        double imagesPerSecond = s.BatchSize / (medians["step"] / 1000);
        if (s.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                implementation = "TorchSharp " + Runtime.TorchRuntime.TorchSharpVersion + " / libtorch " + Runtime.TorchRuntime.LibTorchVersion,
                threads = get_num_threads(), batch = s.BatchSize, views = 2 * s.BatchSize, inputSize = s.InputSize, bits = s.Bits, steps = s.Steps,
                medianMs = medians, imagesPerSecond,
            }));
            return CliExit.Success;
        }
        Console.WriteLine($"ResNet-18 ({string.Join(",", ((ResNet18)backbone).BlocksPerStage)} blocks) + {s.Bits}-bit head, {2 * s.BatchSize} views of {s.InputSize} px, " +
                          $"{get_num_threads()} threads, median of {s.Steps} steps after {s.Warmup} warm-up:");
        foreach (var (phase, ms) in medians)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {phase,-8} {ms,8:F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {imagesPerSecond:F1} images/s ({2 * imagesPerSecond:F1} views/s)"));
        return CliExit.Success;
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
