using System.CommandLine;
using System.Diagnostics;
using System.Numerics;
using Dsch.Data;
using Dsch.Retrieval;

namespace Dsch.Cli.Commands;

/// <summary>
/// <c>dsch bench retrieval</c>: times <see cref="HammingRetrieval"/> (mAP@K) on synthetic class-structured
/// codes, reports the scan rate against a single-core memory-bandwidth bound measured in the same run,
/// and the speed ratio against <see cref="ReferenceRetrieval"/> (full sort per query) on a subset of
/// queries, checking both give bit-identical mAP.
/// </summary>
static class BenchRetrievalCommand
{
    sealed record Settings(int Queries, int Database, int Bits, int Threads, int ReferenceQueries, int TopK, int Seed);

    public static Command Create()
    {
        var queries = new Option<int>("--queries") { Description = "Number of queries Q.", DefaultValueFactory = _ => 10_000 };
        var database = new Option<int>("--database") { Description = "Database size M.", DefaultValueFactory = _ => 50_000 };
        var bits = new Option<int>("--bits") { Description = "Code length L.", DefaultValueFactory = _ => 64 };
        var threads = new Option<int>("--threads") { Description = "Threads over queries for the timed run.", DefaultValueFactory = _ => 1 };
        var reference = new Option<int>("--reference-queries") { Description = "Queries timed with the full-sort reference.", DefaultValueFactory = _ => 200 };
        var topK = new Option<int>("--topk") { Description = "Cut-off K of the timed mAP@K.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic codes and labels.", DefaultValueFactory = _ => 1 };
        var command = new Command("retrieval", "Time mAP@K over packed codes; scan rate vs memory bandwidth; ratio vs a full-sort reference.")
        {
            queries, database, bits, threads, reference, topK, seed,
        };
        command.SetAction(parse => CliExit.Guard(() => Run(new Settings(parse.GetValue(queries), parse.GetValue(database),
            parse.GetValue(bits), parse.GetValue(threads), parse.GetValue(reference), parse.GetValue(topK), parse.GetValue(seed)))));
        return command;
    }

    static int Run(Settings s)
    {
        if (s.Queries < 1 || s.Database < 1 || s.ReferenceQueries < 1 || s.TopK < 1)
            throw new InvalidInputException("--queries, --database, --reference-queries and --topk must be ≥ 1");
        if (s.Bits < 1 || s.Bits > HashCodes.MaxBits) throw new InvalidInputException($"--bits must be in [1, {HashCodes.MaxBits}]");
        if (s.Threads < 1) throw new InvalidInputException("--threads must be ≥ 1");
        var (queries, database, queryLabels, databaseLabels) = Synthetic(s);
        var relevance = Relevance.Between(queryLabels, databaseLabels);
        var options = RetrievalOptions.MapOnly(s.TopK) with { Threads = s.Threads };
        HammingRetrieval.Evaluate(queries.Select(Enumerable.Range(0, Math.Min(50, s.Queries)).ToArray()), database,
            Relevance.Between(queryLabels.Select(Enumerable.Range(0, Math.Min(50, s.Queries)).ToArray()), databaseLabels), options); // JIT warm-up

        double bandwidth = ReadBandwidth();
        var (fast, cpuSeconds) = Timed(() => HammingRetrieval.Evaluate(queries, database, relevance, options));
        double seconds = fast.Seconds;
        double codesPerSecond = (double)s.Queries * s.Database / seconds;
        double bytesPerCode = 8.0 * database.WordsPerCode;
        double bound = bandwidth / bytesPerCode;

        int subset = Math.Min(s.ReferenceQueries, s.Queries);
        var rows = Enumerable.Range(0, subset).ToArray();
        var subsetQueries = queries.Select(rows);
        var subsetRelevance = Relevance.Between(queryLabels.Select(rows), databaseLabels);
        var (fastSubset, fastSubsetCpu) = Timed(() => HammingRetrieval.Evaluate(subsetQueries, database, subsetRelevance,
            RetrievalOptions.MapOnly(s.TopK) with { Threads = 1 }));
        var clock = Stopwatch.StartNew();
        var (referenceMap, referenceCpu) = Timed(() =>
            ReferenceRetrieval.MeanAveragePrecision(queries, database, queryLabels, databaseLabels, s.TopK, subset));
        double referenceSeconds = clock.Elapsed.TotalSeconds;
        string label = RetrievalOptions.Label(s.TopK);
        bool identical = fastSubset.MapAtK[label] == referenceMap;

        Console.WriteLine($"retrieval benchmark: Q={s.Queries} queries × M={s.Database} database × L={s.Bits} bits, mAP@{s.TopK}, threads={s.Threads}, seed={s.Seed}");
        Console.WriteLine($"  time                    {seconds:F3} s   mAP@{label} = {fast.MapAtK[label]:F6} (tie-aware {fast.TieAwareMapAtK[label]:F6})");
        Console.WriteLine($"  cpu time                {cpuSeconds:F3} s (process CPU time of the timed run; robust to other load on the machine)");
        Console.WriteLine($"  scan rate               {codesPerSecond / 1e9:F3} G codes/s by wall time ({codesPerSecond * bytesPerCode / 1e9:F2} GB/s of code words), " +
                          $"{(double)s.Queries * s.Database / cpuSeconds / 1e9:F3} G codes/s per CPU-second");
        Console.WriteLine($"  memory bandwidth        {bandwidth / 1e9:F2} GB/s (one thread summing a 128 MiB array, best of 5)");
        Console.WriteLine($"  bandwidth bound         {bound / 1e9:F3} G codes/s at {bytesPerCode:F0} B/code if the database streamed from DRAM " +
                          $"(it is {database.Count * bytesPerCode / 1e6:F1} MB, so it mostly stays in cache) → {codesPerSecond / bound:P0} of the bound");
        Console.WriteLine($"  reference (full sort)   {subset} queries: {referenceSeconds:F3} s vs counting sort {fastSubset.Seconds:F3} s (1 thread) " +
                          $"→ {referenceSeconds / fastSubset.Seconds:F1}× faster (CPU time {referenceCpu:F3} s vs {fastSubsetCpu:F3} s → {referenceCpu / fastSubsetCpu:F1}×)");
        Console.WriteLine($"  mAP@{label} on the subset: counting sort {fastSubset.MapAtK[label]:R} vs reference {referenceMap:R} → {(identical ? "identical" : "DIFFERENT")}");
        return identical ? CliExit.Success : CliExit.Failure;
    }

    // Result and process CPU seconds of one call (CPU time is robust to other load on a shared machine).
    static (T Result, double CpuSeconds) Timed<T>(Func<T> body)
    {
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        var result = body();
        return (result, (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds);
    }

    // Class-structured codes: each of 10 classes has a random prototype; an item flips each bit with
    // probability 0.25, so relevant items are nearer and distances spread like trained codes.
    static (HashCodes Queries, HashCodes Database, LabelMatrix QueryLabels, LabelMatrix DatabaseLabels) Synthetic(Settings s)
    {
        const int classes = 10;
        var rng = new Random(s.Seed);
        var prototypes = Enumerable.Range(0, classes * s.Bits).Select(_ => rng.Next(2) == 0 ? -1f : 1f).ToArray();
        (HashCodes, LabelMatrix) Make(int n)
        {
            var ids = new int[n];
            var values = new float[(long)n * s.Bits];
            for (int i = 0; i < n; i++)
            {
                ids[i] = rng.Next(classes);
                for (int b = 0; b < s.Bits; b++)
                    values[(long)i * s.Bits + b] = prototypes[ids[i] * s.Bits + b] * (rng.NextDouble() < 0.25 ? -1 : 1);
            }
            return (HashCodes.From(values, n, s.Bits), LabelMatrix.FromClassIds(ids, classes));
        }
        var (queries, queryLabels) = Make(s.Queries);
        var (database, databaseLabels) = Make(s.Database);
        return (queries, database, queryLabels, databaseLabels);
    }

    // Single-thread sequential read bandwidth: sum a 128 MiB long[] with SIMD, best of 5 passes.
    static double ReadBandwidth()
    {
        var data = new long[16 << 20];
        for (int i = 0; i < data.Length; i++) data[i] = i;
        double best = double.MaxValue;
        long checksum = 0;
        for (int pass = 0; pass < 5; pass++)
        {
            var clock = Stopwatch.StartNew();
            var sum = Vector<long>.Zero;
            var span = data.AsSpan();
            int width = Vector<long>.Count;
            for (int i = 0; i + width <= span.Length; i += width) sum += new Vector<long>(span.Slice(i, width));
            checksum += Vector.Sum(sum);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        GC.KeepAlive(checksum);
        return data.Length * 8.0 / best;
    }
}
