using System.CommandLine;
using System.Diagnostics;
using Dsch.Data;

namespace Dsch.Cli.Commands;

/// <summary>
/// <c>dsch data bench</c>: images per second of the host pipeline (decode → resize → augment → float CHW) at several
/// sizes, on one thread and on all cores, and the <see cref="BatchLoader"/> with prefetch; each size's plain
/// resize on one thread is the reference row the others are divided by.
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
        var warmup = indices[..Math.Min(32, indices.Length)];
        int cores = Environment.ProcessorCount;
        Console.WriteLine($"dataset {data.Name}, {indices.Length} training images per row, {cores} logical cores");
        Console.WriteLine("[images per CPU-second] then wall-clock images/s (ratio to the row 'resize, 1 thread' of the same size); best of 3 runs after an untimed warm-up");
        double decode = Measure(indices.Length, () => { foreach (int i in indices) data.LoadImage(i).Dispose(); });
        Console.WriteLine($"{"decode only, 1 thread",-46} {decode,10:N0}");
        foreach (int size in sizes)
        {
            double reference = 0;
            foreach (var (label, augment, workers) in new[] { ("resize", (AugmentationOptions?)null, 1), ("resize+augment", AugmentationOptions.Paper, 1), ("resize+augment", AugmentationOptions.Paper, cores) })
            {
                ImagePipeline.LoadPixels(data, warmup, size, augment, 0, 0, 0, workers);
                double rate = Measure(indices.Length, () =>
                {
                    foreach (var chunk in indices.Chunk(64)) ImagePipeline.LoadPixels(data, chunk, size, augment, 0, 0, 0, workers); // batches of 64, as in training
                });
                if (reference == 0) reference = rate;
                Console.WriteLine($"{$"{size,3} px {label}, {workers} thread(s)",-46} {rate,10:N0}  ({rate / reference:0.00}×)");
            }
            foreach (var batch in new BatchLoader(data, warmup, 64, size, 0, 0, AugmentationOptions.Paper, views: 2)) batch.Dispose();
            double loader = Measure(indices.Length * 2, () =>
            {
                foreach (var batch in new BatchLoader(data, indices, 64, size, 0, 0, AugmentationOptions.Paper, views: 2)) batch.Dispose();
            });
            Console.WriteLine($"{$"{size,3} px BatchLoader, augment, 2 views, B=64",-46} {loader,10:N0}  ({loader / reference:0.00}×) views/s incl. tensors");
        }
        return CliExit.Success;
    }

    /// <summary>
    /// Best of three timed runs (the machine may be shared; the fastest run is the least disturbed one). Also prints
    /// images per CPU-second of this process (all threads), which other processes on a shared machine barely affect.
    /// </summary>
    static double Measure(int images, Action work)
    {
        double best = double.MaxValue, bestCpu = double.MaxValue;
        using var process = Process.GetCurrentProcess();
        for (int run = 0; run < 3; run++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            work();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
            process.Refresh();
            bestCpu = Math.Min(bestCpu, (process.TotalProcessorTime - cpu).TotalSeconds);
        }
        Console.Write($"[{images / Math.Max(bestCpu, 1e-6),9:N0} per CPU-s] ");
        return images / best;
    }
}
