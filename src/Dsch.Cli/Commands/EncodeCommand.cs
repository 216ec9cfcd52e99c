using System.CommandLine;
using Dsch.Data;
using Dsch.Inference;
using Dsch.Runtime;

namespace Dsch.Cli.Commands;

/// <summary>
/// <c>dsch encode</c>: the binary codes a trained run (frozen or fine-tuned) gives a folder or list of images, or one set
/// of a dataset's split — the codes the run itself wrote for the same images. Writes <c>CODES.npy</c> (int8 ±1, or with
/// <c>--packed</c> uint8 in numpy.packbits layout), <c>CODES.ids.txt</c> and <c>CODES.manifest.json</c>;
/// <c>--shard I/N</c> encodes the I-th of N contiguous slices for <c>dsch codes merge</c>.
/// </summary>
static class EncodeCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run folder of dsch train (config.json + checkpoint).", Required = true };
        var images = new Option<string?>("--images") { Description = "A folder of images (sorted by path), a list file (one path a line, relative to the list) or one image." };
        var dataset = new Option<string?>("--dataset") { Description = "Encode a dataset set instead: fashion-mnist, cifar10, flickr25k, nuswide or imagelist." };
        var root = new Option<string?>("--root") { Description = "Dataset folder (default: located automatically)." };
        var set = new Option<string?>("--set") { Description = "query, database or train (with --dataset)." };
        var output = new Option<string>("--out") { Description = "Codes .npy to write (must not exist); NAME.ids.txt and NAME.manifest.json go beside it.", Required = true };
        var packed = new Option<bool>("--packed") { Description = "uint8 (N, L/8) = numpy.packbits(code >= 0, axis=1); L must be a multiple of 8." };
        var shard = new Option<string>("--shard") { Description = "I/N: encode only the I-th (1-based) of N contiguous slices.", DefaultValueFactory = _ => "1/1" };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => "auto" };
        var command = new Command("encode", "Hash new images (or a dataset set) with a trained run: ±1 or packed codes, ids and a manifest.")
        {
            run, images, dataset, root, set, output, packed, shard, device,
        };
        command.SetAction(parse => CliExit.Guard(() => Run(parse.GetValue(run)!, parse.GetValue(images), parse.GetValue(dataset),
            parse.GetValue(root), parse.GetValue(set), parse.GetValue(output)!, parse.GetValue(packed), parse.GetValue(shard)!, parse.GetValue(device)!)));
        return command;
    }

    static int Run(string runDirectory, string? images, string? dataset, string? root, string? set, string outPath, bool packed, string shardText, string deviceName)
    {
        if ((images is null) == (dataset is null)) throw new InvalidInputException("give either --images DIR|LIST|IMG or --dataset NAME --set query|database|train");
        if (dataset is not null && set is null) throw new InvalidInputException("--set: required with --dataset (query, database or train)");
        if (images is not null && (set is not null || root is not null)) throw new InvalidInputException("--set/--root: only with --dataset, not with --images");
        var shard = ShardSpec.Parse(shardText);
        OutputFile.RequireNewCodeSet("--out", outPath);
        var device = ComputeDevice.Resolve(ComputeDevice.Parse(deviceName));
        using var trained = TrainedRun.Open(runDirectory, device);
        ImageSelection selection;
        if (images is not null) selection = ImageSelection.FromFiles(images);
        else
        {
            // The run's own split seed for its own dataset, so --set means the sets the run was scored on.
            int splitSeed = dataset == trained.Config.Dataset ? trained.Config.SplitSeed : 0;
            selection = ImageSelection.FromDataset(DatasetCatalog.Open(dataset!, root, splitSeed), set!, root, splitSeed);
        }
        var (start, end) = shard.Range(selection.Count);
        Console.WriteLine($"encoding {end - start} of {selection.Count} images (shard {shard}, rows {start}..{end}) with {runDirectory}: " +
                          $"{trained.Bits} bits, {trained.Config.Training.Mode.ToString().ToLowerInvariant()} {trained.Config.Features.Backbone} at {trained.InputSize} px");
        var codes = RunEncoding.Encode(trained, selection, shard, packed, new ProgressLine());
        codes.Write(outPath, "--out");
        Console.WriteLine($"wrote {outPath} ({codes.Codes.Count} × {(packed ? $"{trained.Bits / 8} uint8 packed" : $"{trained.Bits} int8 ±1")}), " +
                          $"{CodeSet.IdsPath(outPath)}, {CodeSet.ManifestPath(outPath)}");
        return CliExit.Success;
    }

    /// <summary>A line at most every two seconds, and the last one.</summary>
    sealed class ProgressLine : IProgress<EncodeProgress>
    {
        readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan _last = TimeSpan.FromSeconds(-10);

        public void Report(EncodeProgress p)
        {
            if (p.Done < p.Total && _clock.Elapsed - _last < TimeSpan.FromSeconds(2)) return;
            _last = _clock.Elapsed;
            Console.WriteLine($"encoded {p.Done}/{p.Total} images, {p.ImagesPerSecond:F0} images/s, ETA {p.Eta:hh\\:mm\\:ss}");
        }
    }
}
