#:project ../src/Dsch.Lib/Dsch.Lib.csproj
// Backbone extraction throughput and memory on this machine, per input size, in one process.
//   dotnet run tools/bench_backbones.cs -- [--backbone resnet18|vgg16|vgg19] [--sizes 32,64,96,224] [--seconds 12] [--batch 64]
// For each size (ascending) it alternates short rounds with 1 libtorch thread and with all cores
// (interleaved, so load from other processes hits both alike) and prints the median images/s of each,
// their ratio, the ratio to the largest size (the reference run), the minutes the quick preset's
// 110,000 backbone passes would take, and the process's peak working set so far (ascending sizes, so
// the peak after a size is that size's peak). Random images: the backbone's cost does not depend on
// content. Frozen backbone, eval, no_grad, one dispose scope per batch — as FeatureCacheExtractor.
// VGG runs with untrained weights here (speed only).
using System.Diagnostics;
using Dsch.Backbones;
using Dsch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

string backboneName = Arg("--backbone", "resnet18");
int[] sizes = Arg("--sizes", "32,64,96,224").Split(',').Select(int.Parse).Order().ToArray();
double seconds = double.Parse(Arg("--seconds", "12"));
int batchSize = int.Parse(Arg("--batch", "64"));
int cores = torch.get_num_threads();
const int Rounds = 3;

TorchRuntime.Seed(0);
using var backbone = backboneName == "resnet18" ? (Backbone)ResNet18Onnx.LoadPretrained() : new Vgg(int.Parse(backboneName[3..]));
backbone.eval();
using var process = Process.GetCurrentProcess();
Console.WriteLine($"backbone {backbone.Id}, batch {batchSize} (16 at ≥160 px), {Rounds} interleaved rounds of ~{seconds / Rounds / 2:F1} s per thread count and size, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
Console.WriteLine($"{"size",5} {"img/s 1 thr",12} {$"img/s {cores} thr",12} {"best",8} {"ms/img",7} {"min/110k",9} {"peak RSS MB",12}");
var best = new Dictionary<int, double>();
foreach (int size in sizes)
{
    using var noGrad = torch.no_grad();
    int B = size >= 160 ? Math.Min(batchSize, 16) : batchSize;
    using var images = rand(new long[] { B, 3, size, size }, generator: new Generator(1));
    Forward(images);                                     // warm-up
    var rates = new Dictionary<int, List<double>> { [1] = [], [cores] = [] };
    for (int round = 0; round < Rounds; round++)
        foreach (int threads in rates.Keys)
        {
            torch.set_num_threads(threads);
            var clock = Stopwatch.StartNew();
            long done = 0;
            do { Forward(images); done += B; } while (clock.Elapsed.TotalSeconds < seconds / Rounds / 2);
            rates[threads].Add(done / clock.Elapsed.TotalSeconds);
        }
    torch.set_num_threads(cores);
    double one = Median(rates[1]), all = Median(rates[cores]);
    best[size] = Math.Max(one, all);
    process.Refresh();
    Console.WriteLine($"{size,5} {one,12:F1} {all,12:F1} {best[size],8:F1} {1000 / best[size],7:F2} {110_000 / best[size] / 60,9:F1} {process.PeakWorkingSet64 / 1e6,12:F0}");

}
Console.WriteLine("speed relative to the largest size (best thread count): " +
    string.Join(", ", sizes.Select(s => $"{s} px {best[s] / best[sizes[^1]]:F1}×")));

void Forward(Tensor images)
{
    using var scope = NewDisposeScope();
    backbone.forward(images);
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

string Arg(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
