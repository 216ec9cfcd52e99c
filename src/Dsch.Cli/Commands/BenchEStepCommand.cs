using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Dsch.Components;
using Dsch.Data;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Cli.Commands;

/// <summary>
/// <c>dsch bench estep</c>: times the Gaussian mixture's EM iterations — the fused pass of <see cref="GaussianMixture"/>
/// against the literal scikit-learn loop of <see cref="ReferenceGaussianMixture"/> — from the same k-means start in one
/// process, checks that both follow the same log-likelihood path, and times a whole <see cref="EStep.Discover"/>.
/// Exits 1 when the paths disagree (iteration counts differ or a log-likelihood differs by more than 1e-6).
/// </summary>
static class BenchEStepCommand
{
    sealed record Settings(string? Codes, int Points, int Bits, int Fine, int Coarse, CovarianceType Covariance, int Seed);

    public static Command Create()
    {
        var codes = new Option<string?>("--codes") { Description = "Codes H (N, L) as .npy; default: synthetic saturated tanh codes of 20 clusters." };
        var points = new Option<int>("--points") { Description = "N: the synthetic codes' size, or the first N rows of --codes.", DefaultValueFactory = _ => 5_000 };
        var bits = new Option<int>("--bits") { Description = "L of the synthetic codes.", DefaultValueFactory = _ => 16 };
        var fine = new Option<int>("--m1", "--fine") { Description = "m1, mixture components.", DefaultValueFactory = _ => 1_000 };
        var coarse = new Option<int>("--m2", "--coarse") { Description = "m2, coarse components of the whole E-step.", DefaultValueFactory = _ => 100 };
        var covariance = new Option<string>("--covariance") { Description = "diag or full.", DefaultValueFactory = _ => "diag" };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic codes and the k-means start.", DefaultValueFactory = _ => 0 };
        var command = new Command("estep", "Time the fused EM pass against the literal scikit-learn loop from the same start; check both follow one path.")
        {
            codes, points, bits, fine, coarse, covariance, seed,
        };
        command.SetAction(parse => CliExit.Guard(() => Run(new Settings(parse.GetValue(codes), parse.GetValue(points), parse.GetValue(bits),
            parse.GetValue(fine), parse.GetValue(coarse), CovarianceTypes.Parse(parse.GetValue(covariance)!, "--covariance"), parse.GetValue(seed)))));
        return command;
    }

    static int Run(Settings s)
    {
        if (s.Codes is null && (s.Points < 2 || s.Bits < 1)) throw new InvalidInputException("--points must be ≥ 2 and --bits ≥ 1");
        using var scope = NewDisposeScope();                                     // holds every temporary (environment.md)
        using var H = s.Codes is null ? Synthetic(s) : FirstRows(ComponentsCommand.ReadCodes(s.Codes), s.Points); // (N, L)
        long N = H.shape[0], L = H.shape[1];
        var options = new GaussianMixtureOptions(s.Fine, s.Covariance);
        options.Validate(N, L);
        Console.WriteLine($"codes: {(s.Codes ?? "synthetic")} N {N}, L {L}; m1 {s.Fine}, {s.Covariance.ToString().ToLowerInvariant()} covariances; threads {get_num_threads()}");

        GaussianMixture.Fit(H, options with { MaxIter = 2 }, s.Seed).Dispose();             // JIT and allocator warm-up
        ReferenceGaussianMixture.Fit(H, options with { MaxIter = 1 }, s.Seed).Dispose();
        var clock = Stopwatch.StartNew();
        using var start = GaussianMixture.KMeansStart(H, options, s.Seed);
        double kmeansSeconds = clock.Elapsed.TotalSeconds;
        var fromStart = options with { Initial = start };
        var (fused, fusedSeconds) = Timed(() => GaussianMixture.Fit(H, fromStart, s.Seed));
        var (reference, referenceSeconds) = Timed(() => ReferenceGaussianMixture.Fit(H, fromStart, s.Seed));
        using (fused) using (reference)
        {
            double fusedPer = 1000 * fusedSeconds / (fused.Iterations + 1), referencePer = 1000 * referenceSeconds / (reference.Iterations + 1);
            double difference = fused.LogLikelihoodHistory.Zip(reference.LogLikelihoodHistory, (a, b) => Math.Abs(a - b)).DefaultIfEmpty().Max();
            Console.WriteLine($"k-means start (m1 clusters, one k-means++ run): {kmeansSeconds:F2} s");
            Console.WriteLine($"fused EM     : {fused.Iterations,3} iterations, {fusedSeconds,7:F2} s, {fusedPer,8:F1} ms/iteration");
            Console.WriteLine($"reference EM : {reference.Iterations,3} iterations, {referenceSeconds,7:F2} s, {referencePer,8:F1} ms/iteration");
            Console.WriteLine($"speed-up     : {referencePer / fusedPer:F1}x per iteration; largest log-likelihood difference along the path {difference:E2}");

            var (chunked, wholeMatrix, differing) = TimeAssignment(H, start.Means);
            Console.WriteLine($"k-means assignment of N points to m1 centres: {1000 * chunked:F1} ms in cache-sized chunks vs " +
                              $"{1000 * wholeMatrix:F1} ms on the whole (N, m1) matrix ({wholeMatrix / chunked:F1}x); labels differing: {differing}");

            var components = new ComponentOptions { M1 = s.Fine, M2 = Math.Min(s.Coarse, s.Fine), Covariance = s.Covariance, Normalize = true };
            clock.Restart();
            using (var structure = EStep.Discover(H, components, s.Seed, CPU))
                Console.WriteLine($"whole E-step (k-means start, EM, coarse k-means with 10 restarts): {clock.Elapsed.TotalSeconds:F2} s, " +
                                  $"{structure.Statistics.Iterations} EM iterations");
            bool samePath = fused.Iterations == reference.Iterations && difference <= 1e-6;
            Console.WriteLine(samePath ? "paths: same" : "paths: DIFFER");
            return samePath ? CliExit.Success : CliExit.Failure;
        }
    }

    /// <summary>
    /// Best-of-5 seconds of one Lloyd assignment: <see cref="KMeans.Nearest"/> against the textbook form on the whole (N, k)
    /// distance matrix (‖x‖² + ‖c‖² − 2x·c, then the row minimum), one thread each; and how many labels differ (ties, rounding).
    /// </summary>
    static (double Chunked, double WholeMatrix, long Differing) TimeAssignment(Tensor H, Tensor centres)
    {
        using var single = Dsch.Runtime.IntraOpThreads.Single(CPU);
        using var X = H.to(ScalarType.Float64);
        double chunked = double.MaxValue, whole = double.MaxValue;
        long differing = 0;
        for (int pass = 0; pass < 5; pass++)
        {
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            var (labels, _) = KMeans.Nearest(X, centres);
            chunked = Math.Min(chunked, clock.Elapsed.TotalSeconds);
            clock.Restart();
            var distances = X.pow(Two).sum(1, keepdim: true).add(centres.pow(Two).sum(1), One) - X.matmul(centres.t()).mul(Two); // (N, k)
            var (_, reference) = distances.min(1);
            whole = Math.Min(whole, clock.Elapsed.TotalSeconds);
            differing = labels.ne(reference).sum().item<long>();
        }
        return (chunked, whole, differing);
    }

    // Saturated tanh codes like a trained head's: 20 random ±1 prototypes, each code a prototype with noise through tanh.
    static Tensor Synthetic(Settings s)
    {
        var generator = new TorchSharp.torch.Generator((ulong)s.Seed);
        using var scope = NewDisposeScope();
        var prototypes = randint(2, [20, s.Bits], generator: generator).to(ScalarType.Float64).mul_(Two).sub_(One); // (20, L)
        var members = randint(20, [s.Points], generator: generator);                                      // (N)
        var codes = prototypes.index_select(0, members).mul(Two).add(randn(s.Points, s.Bits, dtype: ScalarType.Float64, generator: generator), One).tanh_();
        return codes.MoveToOuterDisposeScope();                                                           // (N, L)
    }

    static Tensor FirstRows(Tensor codes, int rows)
    {
        if (rows < 2) throw new InvalidInputException("--points must be ≥ 2");
        return codes.shape[0] <= rows ? codes : codes.narrow(0, 0, rows).clone();
    }

    static (T Result, double Seconds) Timed<T>(Func<T> body)
    {
        var clock = Stopwatch.StartNew();
        var result = body();
        return (result, clock.Elapsed.TotalSeconds);
    }
}
