using Dsch.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Components;

/// <summary>
/// Seeded k-means: greedy k-means++ seeding, Lloyd iterations, several restarts keeping the lowest
/// inertia — the algorithm of scikit-learn 1.2's <c>KMeans(init="k-means++", algorithm="lloyd")</c>,
/// vectorised in TorchSharp (float64) so it runs on the device of the input.
/// </summary>
/// <remarks>
/// <para><b>k-means++ [scikit-learn]:</b> the first centre is a uniformly drawn point; each further
/// centre is the best (lowest resulting potential) of <c>2 + ⌊ln k⌋</c> candidates drawn with
/// probability proportional to the squared distance to the nearest chosen centre.</para>
/// <para><b>Stopping [scikit-learn]:</b> a run stops when the labels no longer change (strict
/// convergence) or when Σ‖c_new − c_old‖² ≤ <c>Tol × mean per-feature variance</c>, or after
/// <c>maxIter</c> iterations. The points are centred on their mean first
/// (k-means is translation invariant; this keeps ‖x‖² − 2x·c + ‖c‖² accurate).</para>
/// <para><b>Empty clusters [decision, as scikit-learn]:</b> a cluster that loses all its points is
/// moved to the point farthest from its own centroid (the e farthest points for e empty clusters);
/// those points leave their old cluster's mean. When k exceeds the number of distinct points,
/// some centroids coincide with points already covered; ties go to the lowest cluster index, so
/// those clusters stay empty (size 0) with a finite centroid — never NaN.</para>
/// <para><b>Randomness:</b> all draws come from <c>System.Random(seed)</c>, run after run, so one
/// seed gives one result on the CPU.</para>
/// </remarks>
public static class KMeans
{
    const long AssignChunkElements = 1L << 16;

    /// <summary>
    /// Clusters <paramref name="points"/> (N, L) into <paramref name="clusters"/> groups: k-means++ seeding,
    /// <paramref name="restarts"/> runs keeping the lowest inertia, Lloyd iterations until the labels stop
    /// changing or the centroids move less than <paramref name="tol"/>.
    /// </summary>
    /// <param name="points">The points (N, L); clustered in float64.</param>
    /// <param name="clusters">k, the number of clusters (1 ≤ k ≤ N).</param>
    /// <param name="seed">Seed of every random draw (see remarks).</param>
    /// <param name="restarts">Independent k-means++ + Lloyd runs; the one with the lowest inertia wins.
    /// Default 10 <b>[official: scikit-learn 1.2 <c>KMeans(n_init=10)</c>, used by the authors for the
    /// coarse components]</b>. The Gaussian-mixture initialisation uses 1, as scikit-learn does.</param>
    /// <param name="maxIter">Lloyd iterations per run, default 300 <b>[scikit-learn default]</b>.</param>
    /// <param name="tol">Relative tolerance: a run stops when the summed squared centroid shift is at
    /// most <c>tol × mean per-feature variance of the points</c>, default 1e-4 <b>[scikit-learn
    /// semantics and default]</b>.</param>
    /// <exception cref="InvalidInputException">A value is out of range (the message names it).</exception>
    public static KMeansResult Fit(Tensor points, int clusters, long seed, int restarts = 10, int maxIter = 300, double tol = 1e-4)
    {
        if (points.dim() != 2) throw new InvalidInputException($"k-means points: expected a matrix (N, L), got rank {points.dim()}");
        long N = points.shape[0];
        Validate(N, clusters, restarts, maxIter, tol);
        using var threads = IntraOpThreads.Single(points.device);
        using var scope = NewDisposeScope();
        var X = points.to(ScalarType.Float64);                                   // (N, L)
        var origin = X.mean([0]);                                               // (L)
        var Xc = X - origin;                                                    // (N, L)
        double tolerance = tol * Xc.var([0L], unbiased: false).mean().item<double>();
        var squaredNorms = Xc.pow(Two).sum(1);                                  // (N)
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        Run? best = null;
        for (int restart = 0; restart < restarts; restart++)
        {
            var seeds = PlusPlus(Xc, squaredNorms, clusters, random);
            var run = Lloyd(Xc, squaredNorms, seeds, maxIter, tolerance);
            if (best is null || run.Inertia < best.Inertia) best = run;
        }
        var centroids = best!.Centroids.add(origin, One).MoveToOuterDisposeScope();
        return new KMeansResult(centroids, best.Labels.data<long>().ToArray(), best.Inertia, best.Iterations);
    }

    static void Validate(long points, int clusters, int restarts, int maxIter, double tol)
    {
        if (clusters < 1) throw new InvalidInputException($"k-means clusters: {clusters} must be at least 1");
        if (clusters > points)
            throw new InvalidInputException($"k-means clusters: {clusters} exceeds the number of points ({points})");
        if (restarts < 1) throw new InvalidInputException($"k-means restarts: {restarts} must be at least 1");
        if (maxIter < 1) throw new InvalidInputException($"k-means max iterations: {maxIter} must be at least 1");
        if (!(tol >= 0) || double.IsInfinity(tol)) throw new InvalidInputException($"k-means tol: {tol} must be a finite number ≥ 0");
    }

    /// <summary>
    /// Nearest of <paramref name="centres"/> (k, L) for every row of <paramref name="points"/> (N, L), float64: labels (N)
    /// with ties to the lowest index, and the squared distances (N) — one Lloyd assignment step.
    /// </summary>
    public static (Tensor Labels, Tensor SquaredDistances) Nearest(Tensor points, Tensor centres)
    {
        using var threads = IntraOpThreads.Single(points.device);
        using var scope = NewDisposeScope();
        var X = points.to(ScalarType.Float64);                                  // (N, L)
        var (labels, nearest) = Assign(X, X.pow(Two).sum(1), centres.to(ScalarType.Float64, X.device));
        return (labels.MoveToOuterDisposeScope(), nearest.MoveToOuterDisposeScope());
    }

    sealed record Run(Tensor Centroids, Tensor Labels, double Inertia, int Iterations);

    /// <summary>Greedy k-means++ seeding; returns the k initial centres (k, L).</summary>
    internal static Tensor PlusPlus(Tensor Xc, Tensor squaredNorms, int k, Random random)
    {
        long N = Xc.shape[0];
        int trials = 2 + (int)Math.Log(k);
        var chosen = new long[k];
        chosen[0] = random.NextInt64(N);
        var XcT = Xc.t().contiguous();                                          // (L, N), for fast products
        var closest = SquaredDistances(Xc[chosen[0]].unsqueeze(0), XcT, squaredNorms)[0]; // (N)
        double potential = closest.sum().item<double>();
        var draws = new double[trials];
        using Scalar lastIndex = N - 1;
        for (int c = 1; c < k; c++)
        {
            using var step = NewDisposeScope();
            for (int t = 0; t < trials; t++) draws[t] = random.NextDouble() * potential;
            var candidates = searchsorted(closest.cumsum(0), tensor(draws, device: Xc.device)).clamp_max_(lastIndex); // (t)
            // ‖c‖² + ‖x‖² − 2 c·x in one fused product, then the improvement over the current potential.
            var norms = squaredNorms.index_select(0, candidates).unsqueeze(1).add(squaredNorms, One); // (t, N)
            var distances = addmm(norms, Xc.index_select(0, candidates), XcT, beta: 1, alpha: -2).clamp_min_(Zero); // (t, N)
            distances = minimum(distances, closest);                            // (t, N)
            var potentials = distances.sum(1).cpu().data<double>().ToArray();   // (t)
            int bestTrial = Array.IndexOf(potentials, potentials.Min());       // first minimum, as argmin
            potential = potentials[bestTrial];
            var candidateIds = candidates.cpu().data<long>().ToArray();
            chosen[c] = candidateIds[bestTrial];
            var replaced = closest;
            closest = distances[bestTrial].MoveToOuterDisposeScope();
            replaced.Dispose();
        }
        return Xc[tensor(chosen, device: Xc.device)];
    }

    /// <summary>Lloyd iterations from <paramref name="centres"/> (k, L), scikit-learn's stopping rule.</summary>
    static Run Lloyd(Tensor Xc, Tensor squaredNorms, Tensor centres, int maxIter, double tolerance)
    {
        int k = (int)centres.shape[0];
        Tensor? previous = null;
        int iteration = 0;
        while (iteration < maxIter)
        {
            iteration++;
            using var step = NewDisposeScope();
            var (labels, nearest) = Assign(Xc, squaredNorms, centres);           // (N), (N)
            var updated = UpdateCentres(Xc, labels, nearest, centres, k);        // (k, L)
            double shift = (updated - centres).pow(Two).sum().item<double>();
            bool unchanged = previous is not null && previous.eq(labels).all().item<bool>();
            centres = updated.MoveToOuterDisposeScope();
            previous = labels.MoveToOuterDisposeScope();
            if (unchanged || shift <= tolerance) break;                         // strict or tolerance convergence
        }
        // Labels and inertia of the final centres (after a strict stop they equal the last labels).
        var (finalLabels, finalNearest) = Assign(Xc, squaredNorms, centres);
        return new Run(centres, finalLabels, finalNearest.sum().item<double>(), iteration);
    }

    /// <summary>
    /// Nearest centre of every point (ties → lowest index) and the squared distance to it. In chunks of ≈ 64 Ki
    /// distances, each one product ‖c‖² − 2x·c (‖x‖² does not change the argmin and is added to the minima only):
    /// the whole (N, k) matrix would be fresh pages on every pass (docs/performance.md, section "E-step").
    /// </summary>
    static (Tensor Labels, Tensor Nearest) Assign(Tensor Xc, Tensor squaredNorms, Tensor centres)
    {
        long N = Xc.shape[0], k = centres.shape[0];
        var centresT = centres.t().contiguous();                                 // (L, k)
        var centreNorms = centres.pow(Two).sum(1);                               // (k)
        var labels = empty(N, dtype: ScalarType.Int64, device: Xc.device);      // (N)
        var nearest = empty(N, dtype: ScalarType.Float64, device: Xc.device);    // (N)
        long chunk = Math.Max(1, AssignChunkElements / Math.Max(1, k));
        for (long start = 0; start < N; start += chunk)
        {
            using var step = NewDisposeScope();
            long n = Math.Min(chunk, N - start);
            var scores = addmm(centreNorms, Xc.narrow(0, start, n), centresT, beta: 1, alpha: -2); // (n, k) ‖c‖² − 2x·c
            var (values, indices) = scores.min(1);                               // (n), (n)
            labels.narrow(0, start, n).copy_(indices);
            nearest.narrow(0, start, n).copy_(values.add_(squaredNorms.narrow(0, start, n), One).clamp_min_(Zero));
        }
        return (labels, nearest);
    }

    /// <summary>Means of the clusters; empty clusters move to the farthest points (see remarks).</summary>
    static Tensor UpdateCentres(Tensor Xc, Tensor labels, Tensor nearest, Tensor centres, int k)
    {
        var sums = zeros_like(centres).index_add_(0, labels, Xc, One);                 // (k, L)
        var counts = bincount(labels, minlength: k).to(ScalarType.Float64);       // (k)
        var empty = counts.eq(Zero).nonzero().flatten();                           // (e)
        long e = empty.shape[0];
        if (e > 0)
        {
            var far = nearest.topk((int)Math.Min(e, nearest.shape[0])).indexes;  // (e)
            empty = empty.narrow(0, 0, far.shape[0]);
            var moved = Xc[far];                                                // (e, L)
            sums.index_add_(0, labels[far], moved, MinusOne);
            counts.index_add_(0, labels[far], ones(far.shape[0], dtype: ScalarType.Float64, device: Xc.device), MinusOne);
            sums.index_copy_(0, empty, moved);
            counts.index_fill_(0, empty, RealOne);
        }
        var occupied = counts.gt(Zero).unsqueeze(1);                                // (k, 1)
        return where(occupied, sums / counts.clamp_min(One).unsqueeze(1), centres);
    }

    /// <summary>‖a_i − x_j‖² for rows a of <paramref name="A"/> (a, L) and the columns x_j of <paramref name="XT"/> (L, n) → (a, n).</summary>
    internal static Tensor SquaredDistances(Tensor A, Tensor XT, Tensor? squaredNormsX)
    {
        var sx = squaredNormsX ?? XT.pow(Two).sum([0L]);              // (n)
        var sa = A.pow(Two).sum(1, keepdim: true);                               // (a, 1)
        return A.matmul(XT).mul_(MinusTwo).add_(sa, One).add_(sx, One).clamp_min_(Zero);            // (a, n)
    }
}
