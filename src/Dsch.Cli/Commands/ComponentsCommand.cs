using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dsch.Components;
using Dsch.Data;
using Dsch.IO;
using Dsch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Cli.Commands;

/// <summary>
/// <c>dsch components</c>: the E-step on a saved code matrix — fits the fine Gaussian mixture and the
/// coarse k-means and writes P1, P2, means, weights, μ1, μ2 and the coarse map as <c>.npy</c> files, and
/// <c>summary.json</c> last, as one <see cref="FileUnit"/>: a folder without <c>summary.json</c> holds no complete fit.
/// </summary>
static class ComponentsCommand
{
    public static Command Create()
    {
        var codes = new Option<string>("--codes") { Description = "Codes H (N, L) as .npy (float32/float64).", Required = true };
        var fine = new Option<int>("--m1", "--fine") { Description = "m1, fine components (Gaussian mixture).", DefaultValueFactory = _ => 1000 };
        var coarse = new Option<int>("--m2", "--coarse") { Description = "m2, coarse components (k-means on the fine means).", DefaultValueFactory = _ => 100 };
        var covariance = new Option<string>("--covariance") { Description = "full or diag.", DefaultValueFactory = _ => "full" };
        var normalize = new Option<bool>("--normalize", "--normalize-posteriors") { Description = "L2-normalise each row of P1 (the official CIFAR-10 setting)." };
        var maxIter = new Option<int>("--max-iter") { Description = "EM iteration cap.", DefaultValueFactory = _ => 100 };
        var tol = new Option<double>("--tol") { Description = "EM stops when the mean log-likelihood gains less than this.", DefaultValueFactory = _ => 1e-3 };
        var seed = new Option<long>("--seed") { Description = "Seed of the k-means initialisations.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => "components" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => "auto" };
        var command = new Command("components", "Discover the fine/coarse semantic components of a code matrix (the E-step).")
        {
            codes, fine, coarse, covariance, normalize, maxIter, tol, seed, output, json, device,
        };
        command.SetAction(parse => CliExit.Guard(() =>
        {
            var options = new ComponentOptions
            {
                M1 = parse.GetValue(fine), M2 = parse.GetValue(coarse), Covariance = CovarianceTypes.Parse(parse.GetValue(covariance)!, "--covariance"),
                Normalize = parse.GetValue(normalize), MaxIter = parse.GetValue(maxIter), Tol = parse.GetValue(tol),
            };
            return Run(parse.GetValue(codes)!, options, parse.GetValue(seed), parse.GetValue(output)!, parse.GetValue(json),
                ComputeDevice.Resolve(ComputeDevice.Parse(parse.GetValue(device)!)));
        }));
        return command;
    }

    static int Run(string codesPath, ComponentOptions options, long seed, string outDir, bool asJson, Device device)
    {
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();                                     // holds every temporary (environment.md)
        using var H = ReadCodes(codesPath);                                      // (N, L)
        options.Validate(H.shape[0], H.shape[1]);                                // every check before the folder is touched
        using var writer = Dsch.IO.OutputFolder.Claim(outDir, "--out");         // one writer: the files below belong to one fit
        using var structure = EStep.Discover(H, options, seed, device);
        using var fit = new FileUnit(outDir, "summary.json");                    // the old fit stays whole until Commit
        Save(fit.Stage("P1.npy"), structure.P1);
        Save(fit.Stage("P2.npy"), structure.P2);
        Save(fit.Stage("means.npy"), structure.Means);
        Save(fit.Stage("weights.npy"), structure.Pi1);
        Save(fit.Stage("covariances.npy"), structure.Mixture.Parameters.Covariances);
        Save(fit.Stage("mu1.npy"), structure.Mu1);
        Save(fit.Stage("mu2.npy"), structure.Mu2);
        Save(fit.Stage("coarse_map.npy"), structure.CoarseMap);
        NpyFile.Write(fit.Stage("coarse_of.npy"), structure.CoarseOf, structure.CoarseOf.Length);
        var s = structure.Statistics;
        var summary = new Dictionary<string, object>
        {
            ["mean_log_likelihood"] = s.MeanLogLikelihood,
            ["iterations"] = s.Iterations,
            ["converged"] = s.Converged,
            ["seconds"] = Math.Round(s.Seconds, 3),
            ["total_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
            ["n"] = structure.Count,
            ["fine"] = structure.Fine,
            ["coarse"] = structure.Coarse,
            ["empty_fine_components"] = s.EmptyFineComponents,
            ["mean_posterior_entropy"] = s.MeanPosteriorEntropy,
            ["log_likelihood_history"] = s.LogLikelihoodHistory,
            ["out"] = Path.GetFullPath(outDir),
        };
        AtomicFile.WriteAllText(fit.Stage("summary.json"), JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));
        fit.Commit();
        if (asJson) Console.WriteLine(JsonSerializer.Serialize(summary));
        else foreach (var (key, value) in summary)
            Console.WriteLine($"{key,-24} {(value is IReadOnlyList<double> list ? string.Join(" ", list.Select(v => v.ToString("F4", CultureInfo.InvariantCulture))) : Convert.ToString(value, CultureInfo.InvariantCulture))}");
        return CliExit.Success;
    }

    /// <summary>Reads a rank-2 floating-point .npy; errors name the file.</summary>
    internal static Tensor ReadCodes(string path)
    {
        var array = NpyFile.Read(path);
        if (array.Rank != 2) throw InvalidInputException.At(path, null, $"expected a matrix (N, L), got rank {array.Rank} shape ({string.Join(", ", array.Shape)})");
        if (array.Type is not (NpyType.Float32 or NpyType.Float64)) throw InvalidInputException.At(path, null, $"expected float32 or float64 codes, got {array.Type}");
        var values = array.ToDoubles();
        int bad = Array.FindIndex(values, v => !double.IsFinite(v));
        if (bad >= 0)
            throw InvalidInputException.At(path, $"row {bad / array.Shape[1]}, column {bad % array.Shape[1]}", $"value {values[bad]} is not finite");
        return OwnedTensor.From(values, [array.Shape[0], array.Shape[1]]);
    }

    static void Save(string path, Tensor values)
    {
        using var cpu = values.to(ScalarType.Float64, CPU).contiguous();
        NpyFile.Write(path, cpu.data<double>().ToArray(), cpu.shape.Select(d => (int)d).ToArray());
    }
}
