using Dsch.Components;
using static TorchSharp.torch;

namespace Dsch.Retrieval;

/// <summary>
/// The coarse partition of an inverted-file binary index: <see cref="Lists"/> binary centroids and, for every code, the
/// list it belongs to (its Hamming-nearest centroid, ties to the lowest list).
/// </summary>
/// <remarks>
/// Training follows FAISS's <c>IndexBinaryIVF::train</c>: k-means (here the project's seeded <see cref="KMeans"/>) on the
/// codes as ±1 vectors, centroids binarised by sign (0 → +1). Like FAISS's clustering, at most
/// <see cref="MaxPointsPerList"/> codes per list train it; the subsample is every ⌈n / limit⌉-th code [decision: no
/// random draw, so one file of codes gives one index].
/// </remarks>
public sealed class BinaryIvf
{
    /// <summary>Training codes per list at most (FAISS's <c>max_points_per_centroid</c>).</summary>
    public const int MaxPointsPerList = 256;

    BinaryIvf(HashCodes centroids, int[] assignment) => (Centroids, Assignment) = (centroids, assignment);

    /// <summary>The binary centroids (nlist, L).</summary>
    public HashCodes Centroids { get; }

    /// <summary>Number of lists, nlist.</summary>
    public int Lists => Centroids.Count;

    /// <summary>The list of each code.</summary>
    public IReadOnlyList<int> Assignment { get; }

    /// <summary>Rows of each list, ascending.</summary>
    public List<int>[] Members()
    {
        var members = Enumerable.Range(0, Lists).Select(_ => new List<int>()).ToArray();
        for (int row = 0; row < Assignment.Count; row++) members[Assignment[row]].Add(row);
        return members;
    }

    /// <summary>Trains <paramref name="lists"/> centroids on <paramref name="codes"/> with <paramref name="seed"/> and assigns every code.</summary>
    public static BinaryIvf Train(HashCodes codes, int lists, long seed)
    {
        if (lists < 1 || lists > codes.Count) throw new InvalidInputException($"--ivf {lists}: must be within 1..{codes.Count} (the number of codes)");
        int step = (int)Math.Ceiling(codes.Count / (double)Math.Min(codes.Count, (long)lists * MaxPointsPerList));
        var sample = codes.Select([.. Enumerable.Range(0, (codes.Count + step - 1) / step).Select(i => i * step)]);
        HashCodes centroids;
        using (var scope = NewDisposeScope())
        {
            var signs = tensor(sample.ToSigns(), [sample.Count, codes.Bits]).to(ScalarType.Float32);   // (n, L) of ±1
            using var fit = KMeans.Fit(signs, lists, seed, restarts: 1, maxIter: 25);
            centroids = HashCodes.FromTensor(fit.Centroids);                                             // (nlist, L), sign
        }
        var assignment = new int[codes.Count];
        Parallel.For(0, codes.Count, row =>
        {
            int best = 0, bestDistance = int.MaxValue;
            for (int list = 0; list < lists; list++)
            {
                int d = codes.Distance(row, centroids, list);
                if (d < bestDistance) (best, bestDistance) = (list, d);
            }
            assignment[row] = best;
        });
        return new BinaryIvf(centroids, assignment);
    }
}
