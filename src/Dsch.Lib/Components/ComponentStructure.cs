using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Components;

/// <summary>
/// The E-step result (docs/method.md, "E-step", steps 2–4): fine posteriors P1 (N, m1), weights π1, binarised
/// centres μ1, the fine→coarse map A (m1, m2), coarse centres μ2, P2 = P1·A, uniform π2, the hard assignments
/// (argmax P1) and the co-occurrence S = P1·P1ᵀ on demand for a batch of rows — never as an N×N matrix. All float64
/// on the E-step's device. Owns its tensors; dispose it.
/// </summary>
public sealed class ComponentStructure : IDisposable
{
    internal ComponentStructure(GaussianMixtureModel mixture, Tensor p1, Tensor mu1, long[] coarseOf,
        Tensor coarseMap, Tensor mu2, Tensor p2, Tensor pi2, ComponentStatistics statistics, bool normalizedPosteriors)
    {
        NormalizedPosteriors = normalizedPosteriors;
        Mixture = mixture;
        P1 = p1;
        Mu1 = mu1;
        CoarseOf = coarseOf;
        CoarseMap = coarseMap;
        Mu2 = mu2;
        P2 = p2;
        Pi2 = pi2;
        Statistics = statistics;
    }

    /// <summary>The fitted fine mixture (continuous means, covariances, weights).</summary>
    public GaussianMixtureModel Mixture { get; }

    /// <summary>P1 (N, m1): p(c_j | x_i), row-L2-normalised when the options ask for it.</summary>
    public Tensor P1 { get; }

    /// <summary>True when the rows of P1 have unit L2 norm (the E-step's normalisation); false when they sum to 1.</summary>
    public bool NormalizedPosteriors { get; }

    /// <summary>π1 (m1): the mixture weights.</summary>
    public Tensor Pi1 => Mixture.Parameters.Weights;

    /// <summary>The continuous fine means (m1, L).</summary>
    public Tensor Means => Mixture.Parameters.Means;

    /// <summary>μ1 (m1, L) = sign(means) ∈ {−1, +1}, sign(0) = +1 <b>[official]</b>.</summary>
    public Tensor Mu1 { get; }

    /// <summary>Coarse component of each fine component, length m1.</summary>
    public long[] CoarseOf { get; }

    /// <summary>A (m1, m2): one-hot fine→coarse map.</summary>
    public Tensor CoarseMap { get; }

    /// <summary>μ2 (m2, L) = sign(coarse k-means centroids), sign(0) = +1.</summary>
    public Tensor Mu2 { get; }

    /// <summary>P2 (N, m2) = P1·A.</summary>
    public Tensor P2 { get; }

    /// <summary>π2 (m2) = 1/m2 <b>[official]</b>.</summary>
    public Tensor Pi2 { get; }

    /// <summary>Sizes, entropy, log-likelihood and EM convergence, for logging.</summary>
    public ComponentStatistics Statistics { get; }

    /// <summary>N, the number of codes.</summary>
    public long Count => P1.shape[0];

    /// <summary>m1.</summary>
    public int Fine => (int)P1.shape[1];

    /// <summary>m2.</summary>
    public int Coarse => (int)P2.shape[1];

    /// <summary>
    /// Hard fine assignment of each code, length N: the argmax of its row of P1 (<see cref="HardAssignment"/>). Read
    /// by the trainer's batching and diagnostics and by the notebooks; computed once.
    /// </summary>
    public long[] FineAssignment
    {
        get
        {
            if (_fineAssignment is not null) return _fineAssignment;
            using var scope = NewDisposeScope();
            return _fineAssignment = HardAssignment(P1).cpu().data<long>().ToArray();
        }
    }

    /// <summary>Coarse component of each code, length N: that of its fine component (<see cref="FineAssignment"/>).</summary>
    public long[] CoarseAssignment => _coarseAssignment ??= [.. FineAssignment.Select(k => CoarseOf[k])];

    long[]? _fineAssignment, _coarseAssignment;

    /// <summary>
    /// The hard assignment of posteriors (N, m) → (N): the most probable component of each row. The one argmax of the
    /// E-step's statistics (<see cref="ComponentStatistics.FineSizes"/>) and of <see cref="FineAssignment"/>.
    /// </summary>
    public static Tensor HardAssignment(Tensor posteriors) => posteriors.argmax(1);            // (N)

    /// <summary>
    /// The co-occurrence <c>S = Q_r·Q_cᵀ</c> of posterior rows <paramref name="rows"/> (r, m) against
    /// <paramref name="columns"/> (c, m), (r, c): the chance two images share a component (docs/method.md, "E-step",
    /// step 4). The one S of the loss (<c>S = P1·P1ᵀ</c> on a batch), the mate readings and the notebooks; in the
    /// dtype of its inputs.
    /// </summary>
    public static Tensor Cooccurrence(Tensor rows, Tensor columns) => rows.matmul(columns.t());  // (r, c)

    /// <summary>
    /// S block for a batch: S[a, b] = P1[rows[a]] · P1[rows[b]] (b×b, float64) — the chance two
    /// batch rows share a fine component (docs/method.md, "E-step", step 4). Rows may repeat (two views of one image).
    /// </summary>
    public Tensor CooccurrenceBlock(int[] rows)
    {
        using var scope = NewDisposeScope();
        var batch = FineRows(rows);                                              // (b, m1)
        return Cooccurrence(batch, batch).MoveToOuterDisposeScope();             // (b, b)
    }

    /// <summary>
    /// <paramref name="count"/> distinct rows (all N when fewer) drawn by a shuffle seeded by <paramref name="seed"/>, in
    /// drawing order: the sample the notebooks show S on.
    /// </summary>
    public int[] SampledRows(int count, long seed)
    {
        var rows = Enumerable.Range(0, (int)Count).ToList();
        Data.SeededRandom.Derive(seed, 0xC0).Shuffle(rows);
        return [.. rows.Take(Math.Min(count, rows.Count))];
    }

    /// <summary>Rows of P1 for a batch of indices, (b, m1).</summary>
    public Tensor FineRows(int[] rows) => P1.index_select(0, Indices(rows));

    Tensor Indices(int[] rows)
    {
        foreach (var row in rows)
            if (row < 0 || row >= Count) throw new ArgumentOutOfRangeException(nameof(rows), $"row {row} is outside 0..{Count - 1}");
        return tensor(rows.Select(r => (long)r).ToArray(), device: P1.device);
    }

    bool _handedOver;

    /// <summary>
    /// The same structure with fine posteriors <paramref name="p1"/> (N, m1) and <c>P2 = P1·A</c> recomputed, for an
    /// E-step that changes its posteriors (e.g. tempered). The result takes over this structure's tensors: dispose it,
    /// not this one. <see cref="Statistics"/> still describe the mixture's own posteriors.
    /// </summary>
    /// <param name="p1">New posteriors (N, m1); rows sum to 1, or have unit L2 norm when <paramref name="normalized"/>.</param>
    /// <param name="normalized">True when the rows of <paramref name="p1"/> have unit L2 norm.</param>
    public ComponentStructure WithPosteriors(Tensor p1, bool normalized = false)
    {
        if (p1.dim() != 2 || p1.shape[0] != Count || p1.shape[1] != Fine)
            throw new InvalidInputException($"posteriors: P1 must be ({Count}, {Fine}), got ({string.Join(", ", p1.shape)})");
        var fine = p1.to(ScalarType.Float64, P1.device);                         // (N, m1)
        var coarse = fine.matmul(CoarseMap);                                      // (N, m2)
        if (!ReferenceEquals(P1, p1)) P1.Dispose();
        P2.Dispose();
        _handedOver = true;
        return new ComponentStructure(Mixture, fine, Mu1, CoarseOf, CoarseMap, Mu2, coarse, Pi2, Statistics, normalized);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_handedOver) return;
        Mixture.Dispose();
        foreach (var t in new[] { P1, Mu1, CoarseMap, Mu2, P2, Pi2 }) t.Dispose();
    }
}
