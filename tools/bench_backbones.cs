#:project ../src/Dsch.Lib/Dsch.Lib.csproj
// Backbone extraction throughput and memory on this machine, per input size, in one process.
//   dotnet run tools/bench_backbones.cs -- [--backbone resnet18|vgg16] [--sizes 32,64,96,224] [--seconds 15] [--batch 64]
// Prints images/s per size, the ratio to the largest size (the reference run in the same process), the
// managed heap and the process's peak working set so far (sizes run in ascending order, so the peak after a
// size is that size's peak). Images are random (backbone cost does not depend on content); the backbone
// is frozen (eval, no_grad, one dispose scope per batch) exactly as in FeatureCacheExtractor.
using System.Diagnostics;
using Dsch.Backbones;
using Dsch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

string backboneName = Arg("--backbone", "resnet18");
int[] sizes = Arg("--sizes", "32,64,96,224").Split(',').Select(int.Parse).Order().ToArray();
double seconds = double.Parse(Arg("--seconds", "15"));
int batchSize = int.Parse(Arg("--batch", "64"));

TorchRuntime.Seed(0);
using var backbone = backboneName == "resnet18" ? (Backbone)ResNet18Onnx.LoadPretrained() : new Vgg(int.Parse(backboneName[3..]));
backbone.eval();
Console.WriteLine($"backbone {backbone.Id}  threads {torch.get_num_threads()}  batch {batchSize}  ~{seconds} s per size  cores {Environment.ProcessorCount}");
Console.WriteLine($"{"size",5} {"images/s",10} {"ms/image",9} {"x vs " + sizes[^1],9} {"min for 110k",13} {"managed MB",11} {"peak RSS MB",12}");
var rates = new Dictionary<int, double>();
var peaks = new Dictionary<int, double>();
var managed = new Dictionary<int, double>();
using var process = Process.GetCurrentProcess();
foreach (int size in sizes)
{
    using var noGrad = torch.no_grad();
    int B = size >= 160 ? Math.Min(batchSize, 16) : batchSize;
    using var images = rand(new long[] { B, 3, size, size }, generator: new Generator(1));
    Forward(images);                                     // warm-up
    var clock = Stopwatch.StartNew();
    long done = 0;
    while (clock.Elapsed.TotalSeconds < seconds) { Forward(images); done += B; }
    rates[size] = done / clock.Elapsed.TotalSeconds;
    process.Refresh();
    peaks[size] = process.PeakWorkingSet64 / 1e6;
    managed[size] = GC.GetTotalMemory(false) / 1e6;
}
foreach (int size in sizes)
{
    // 110,000 = 70,000 Fashion-MNIST images + 5,000 training images × V = 8 views.
    Console.WriteLine($"{size,5} {rates[size],10:F1} {1000 / rates[size],9:F2} {rates[size] / rates[sizes[^1]],9:F1} {110_000 / rates[size] / 60,13:F1} {managed[size],11:F0} {peaks[size],12:F0}");
}

void Forward(Tensor images)
{
    using var scope = NewDisposeScope();
    backbone.forward(images);
}

string Arg(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
