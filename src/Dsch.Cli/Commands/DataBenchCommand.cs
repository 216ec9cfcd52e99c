using System.CommandLine;
using System.Diagnostics;
using Dsch.Data;

namespace Dsch.Cli.Commands;

/// <summary>
/// <c>dsch data bench</c>: images per second of the host pipeline (decode → resize → augment → float CHW) at several
/// sizes, on one thread and on all cores, and the <see cref="BatchLoader"/> with prefetch; decode-only is the
/// reference row each figure is divided by.
/// </summary>
static class DataBenchCommand
{
    public static Command Create()
    {
        var common = DataCommand.Common.Create();
        var n = new Option<int>("--n") { Description = "Images per measurement (the first N training images).", DefaultValueFactory = _ => 1024 };
        var sizes = new Option<string>("--sizes") { Description = "Comma-separated output sizes.", DefaultValueFactory = _ => "32,64,224" };
        var command = new Command("bench", "Measure image-pipeline throughput (images/s) at several sizes.");
        common.AddTo(command);
        command.Options.Add(n);
        command.Options.Add(sizes);
        command.SetAction(parse => CliExit.Guard(() => Run(common.Open(parse), parse.GetValue(n), ParseSizes(parse.GetValue(sizes)!))));
        return command;
    }

    static int[] ParseSizes(string text) => text.Split(',').Select(t => int.TryParse(t, out int s) && s is >= 1 and <= 1024
        ? s : throw new InvalidInputException($"--sizes: '{t}' is not a size in 1..1024")).ToArray();

    static int Run(HashingDataset data, int n, int[] sizes)
    {
        if (n < 1) throw new InvalidInputException($"--n: {n} must be ≥ 1");
        var indices = data.Split.Train.Take(n).ToArray();
        int cores = Environment.ProcessorCount;
        Console.WriteLine($"dataset {data.Name}, {indices.Length} training images per row, {cores} logical cores; images/s (× decode-only)");
        ImagePipeline.LoadPixels(data, indices[..Math.Min(64, indices.Length)], sizes[0], AugmentationOptions.Paper, 0, 0, 0, cores); // warm-up (JIT)
        double decode = Measure(indices.Length, () => Parallel.ForEach(indices, new ParallelOptions { MaxDegreeOfParallelism = 1 }, i => data.LoadImage(i).Dispose()));
        Console.WriteLine($"{"decode only, 1 thread",-44} {decode,10:N0}  (reference)");
        foreach (int size in sizes)
        {
            foreach (var (label, augment, workers) in new[] { ("resize", (AugmentationOptions?)null, 1), ("resize+augment", AugmentationOptions.Paper, 1), ("resize+augment", AugmentationOptions.Paper, cores) })
            {
                double rate = Measure(indices.Length, () => ImagePipeline.LoadPixels(data, indices, size, augment, 0, 0, 0, workers));
                Console.WriteLine($"{$"{size,3} px {label}, {workers} thread(s)",-44} {rate,10:N0}  ({rate / decode:0.00}×)");
            }
            var options = new BatchLoaderOptions(64, size, AugmentationOptions.Paper, Views: 2);
            double loader = Measure(indices.Length * 2, () =>
            {
                foreach (var batch in new BatchLoader(data, indices, options, 0, 0)) batch.Dispose();
            });
            Console.WriteLine($"{$"{size,3} px BatchLoader 2 views, B=64, prefetch 2",-44} {loader,10:N0}  ({loader / decode:0.00}×) views/s");
        }
        return CliExit.Success;
    }

    static double Measure(int images, Action work)
    {
        var clock = Stopwatch.StartNew();
        work();
        return images / clock.Elapsed.TotalSeconds;
    }
}
