using System.CommandLine;
using Dsch.Config;
using Dsch.Experiments;
using Dsch.Features;
using Dsch.IO;
using Dsch.Runtime;

namespace Dsch.Cli.Commands;

/// <summary>
/// <c>dsch reproduce</c>: the main job — every method × bits × seed of a preset on one dataset with shared cached
/// features, written as results.csv, summary.md and plots; prints a timing breakdown.
/// </summary>
static class ReproduceCommand
{
    public static Command Create()
    {
        var preset = new Option<string>("--preset") { Description = "quick (default: Fashion-MNIST, frozen ResNet-18 features), finetune (Fashion-MNIST, ResNet-18 fine-tuned end to end at 32 px), cifar10, flickr25k or nuswide (the paper's: VGG-19 fine-tuned at 224 px).", DefaultValueFactory = _ => "quick" };
        var dataset = new Option<string?>("--dataset") { Description = "Dataset for the quick and finetune presets: fashion-mnist (default), fashion-outfits, cifar10, flickr25k, nuswide, imagelist." };
        var root = new Option<string?>("--root") { Description = "Dataset folder (default: located automatically)." };
        var bits = new Option<string?>("--bits") { Description = "Code lengths, comma-separated (default 16,32,64)." };
        var seeds = new Option<string?>("--seeds") { Description = "Training seeds, comma-separated (default 0)." };
        var methods = new Option<string?>("--methods") { Description = "Methods: dsch,baseline,cibhash,bihalf,greedyhash,itq,lsh,pcah,sh (default: the preset's, e.g. dsch,baseline,itq,lsh)." };
        var output = new Option<string?>("--out") { Description = "Results folder (default results/<preset>-<dataset>)." };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => "auto" };
        var overrides = new OverrideOptions();
        var command = new Command("reproduce", "Run the default reproduction (quick preset on Fashion-MNIST) and write results/: CSV, summary, plots. " +
                                               "Resumable: the same command with the same --out continues an interrupted reproduction.")
        {
            preset, dataset, root, bits, seeds, methods, output, device,
        };
        foreach (var option in overrides.All) command.Options.Add(option);
        command.SetAction(parse => CliExit.Guard(() =>
        {
            var given = overrides.From(parse);
            var chosen = given.ApplyTo(Presets.Get(parse.GetValue(preset)!, parse.GetValue(dataset)));
            var reproduction = new Reproduction(chosen,
                ListOption.Strings("--methods", parse.GetValue(methods), chosen.Methods).Select(m => MethodSpec.ForMethod(m, given.Epochs)).ToList(),
                ListOption.Ints("--bits", parse.GetValue(bits), chosen.Bits),
                ListOption.Longs("--seeds", parse.GetValue(seeds), [0]),
                parse.GetValue(output) ?? DefaultOutput($"{chosen.Name}-{chosen.Dataset}"),
                parse.GetValue(root), 0, ComputeDevice.Parse(parse.GetValue(device)!));
            return RunAndReport(reproduction);
        }));
        return command;
    }

    internal static string DefaultOutput(string name) =>
        Path.Combine(RepositoryLayout.FindRoot() ?? Environment.CurrentDirectory, "results", name);

    internal static int RunAndReport(Reproduction reproduction)
    {
        Console.WriteLine($"{reproduction.Preset.Name} preset on {reproduction.Preset.Dataset}: methods {string.Join(",", reproduction.Methods.Select(m => m.Name))}, " +
                          $"bits {string.Join(",", reproduction.Bits)}, seeds {string.Join(",", reproduction.Seeds)} -> {reproduction.OutputDirectory}");
        var result = reproduction.Run(ProgressLines.ForConsole(), ResultPlots.WriteAll);
        var t = result.Timing;
        Console.WriteLine();
        Console.WriteLine($"timing: extraction {t.Extraction:F1} s, E-steps {t.EStep:F1} s, M-steps {t.MStep:F1} s, " +
                          $"evaluation {t.Evaluation:F1} s, classical baselines {t.Classical:F1} s, total {t.Total:F1} s");
        Console.WriteLine(File.ReadAllText(Path.Combine(result.OutputDirectory, "summary.md")));
        Console.WriteLine($"wrote {result.Files.Count} files to {result.OutputDirectory}");
        return CliExit.Success;
    }
}
