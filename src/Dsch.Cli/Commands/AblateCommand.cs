using System.CommandLine;
using Dsch.Config;
using Dsch.Experiments;
using Dsch.Runtime;

namespace Dsch.Cli.Commands;

/// <summary>
/// <c>dsch ablate</c>: DSCH with one switch or value changed per variant (loss terms, co-occurrence, covariance,
/// posterior normalisation, λ, τ, m1, m2), on the same cached features, into the same tables and plots as reproduce.
/// </summary>
static class AblateCommand
{
    /// <summary>Default grid: the full method, the contrastive baseline, each term removed, and one step of each sweep.</summary>
    public const string DefaultGrid = "dsch,baseline,no-fine,no-coarse,no-cooccurrence,lambda=0.3,tau=0.5,tau=1,m1=500,full";

    public static Command Create()
    {
        var preset = new Option<string>("--preset") { Description = "Preset whose DSCH options are varied (default quick).", DefaultValueFactory = _ => "quick" };
        var dataset = new Option<string?>("--dataset") { Description = "Dataset for the quick preset (default fashion-mnist)." };
        var root = new Option<string?>("--root") { Description = "Dataset folder (default: located automatically)." };
        var grid = new Option<string>("--grid")
        {
            Description = "Variants, comma-separated: dsch, baseline, no-fine, no-coarse, no-cooccurrence, no-instance, diag, full, " +
                          "normalize, no-normalize, lambda=X, tau=X, m1=N, m2=N, epochs=N; component-mates meeting: fine-batches, " +
                          "coarse-batches, mates=K, s-coarse=A, s-temperature=T, mate-memory, warmup=N; optimiser adam-tf1 or adam; join items with + (fine-batches+mates=5).",
            DefaultValueFactory = _ => DefaultGrid,
        };
        var bits = new Option<string?>("--bits") { Description = "Code lengths, comma-separated (default 32)." };
        var seeds = new Option<string?>("--seeds") { Description = "Training seeds, comma-separated (default 0)." };
        var output = new Option<string?>("--out") { Description = "Results folder (default results/ablation-<preset>-<dataset>)." };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => "auto" };
        var overrides = new OverrideOptions();
        var validation = new Option<bool>("--validation") { Description = "Score on a validation split carved from the training set (10 % held out as queries), not on the test queries: use this to choose hyper-parameters." };
        var command = new Command("ablate", "Ablations: loss-term switches and sweeps of m1, m2, λ, τ → the same tables and plots as reproduce.")
        {
            preset, dataset, root, grid, bits, seeds, output, device, validation,
        };
        foreach (var option in overrides.All) command.Options.Add(option);
        command.SetAction(parse => CliExit.Guard(() =>
        {
            var given = overrides.From(parse);
            var chosen = given.ApplyTo(Presets.Get(parse.GetValue(preset)!, parse.GetValue(dataset)));
            var variants = ListOption.Strings("--grid", parse.GetValue(grid), []).Select(v => MethodSpec.ForAblation(v, given.Epochs)).ToList();
            var duplicate = variants.GroupBy(v => v.Name).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) throw new InvalidInputException($"--grid: '{duplicate.Key}' appears twice");
            var reproduction = new Reproduction(chosen, variants,
                ListOption.Ints("--bits", parse.GetValue(bits), [32]),
                ListOption.Longs("--seeds", parse.GetValue(seeds), [0]),
                parse.GetValue(output) ?? ReproduceCommand.DefaultOutput($"ablation-{chosen.Name}-{chosen.Dataset}"),
                parse.GetValue(root), 0, ComputeDevice.Parse(parse.GetValue(device)!), parse.GetValue(validation));
            return ReproduceCommand.RunAndReport(reproduction);
        }));
        return command;
    }
}
