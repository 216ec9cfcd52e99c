namespace Dsch.Retrieval;

/// <summary>
/// Tie-aware AP@K: the expected AP@K of one query when the items at equal Hamming distance are put
/// in uniformly random order (McSherry &amp; Najork 2008, "Computing information retrieval performance
/// measures efficiently in the presence of tied scores"), computed in closed form from the size and
/// the relevant count of each tie group.
/// </summary>
/// <remarks>
/// <para>Derivation (ours, following McSherry &amp; Najork). A tie group of n items, r of them relevant,
/// occupies ranks a+1…a+n, with h relevant items ranked before it. Under a random order, position i of
/// the group is relevant with probability r/n, and given that, the expected number of relevant items
/// among the i−1 group positions before it is (i−1)(r−1)/(n−1) (hypergeometric). So the expected
/// contribution of the group to Σ rel(p)·hits(p)/p is</para>
/// <para>  E = (r/n)·[(h+1)·H₁ + (r−1)/(n−1)·H₂],  H₁ = Σᵢ 1/(a+i),  H₂ = Σᵢ (i−1)/(a+i) = m − (a+1)·H₁,</para>
/// <para>with i = 1…m (m = n for a whole group). H₁ is a difference of harmonic numbers, so a group
/// costs O(1). The normaliser R_K (relevant items in the top K) is random only through the group cut
/// by K: if m &lt; n of its positions fall in the top K, the number x of relevant items among them is
/// hypergeometric(n, r, m), and given x those m positions form a random order of m items with x
/// relevant. Hence E[AP@K] = Σₓ P(x) · (S + E_x) / (h + x), where S is the expected sum of the whole
/// groups before and E_x the formula above with (n, r) replaced by (m, x); a term with h + x = 0 is 0
/// (the protocol's R_K = 0 rule). Groups are independent, so this is exact.</para>
/// <para>Accuracy: harmonic differences lose a few digits for cut-offs of tens of thousands; results
/// agree with brute-force enumeration to ~1e-9.</para>
/// </remarks>
public static class TieAwareAveragePrecision
{
    /// <summary>
    /// Expected AP@K for tie groups given in rank order (ascending distance): <paramref name="groupSizes"/>[g]
    /// items of which <paramref name="groupRelevant"/>[g] are relevant. Empty groups are allowed.
    /// </summary>
    /// <param name="groupSizes">n per group.</param>
    /// <param name="groupRelevant">r per group, 0 ≤ r ≤ n.</param>
    /// <param name="k">Cut-off K; clamped to the total number of items.</param>
    /// <param name="harmonic">Harmonic numbers H[0…total] from <see cref="HarmonicNumbers"/>.</param>
    public static double AtK(ReadOnlySpan<int> groupSizes, ReadOnlySpan<int> groupRelevant, int k, ReadOnlySpan<double> harmonic)
    {
        int a = 0, h = 0;
        double sum = 0;
        for (int g = 0; g < groupSizes.Length && a < k; g++)
        {
            int n = groupSizes[g], r = groupRelevant[g];
            if (n == 0) continue;
            if (a + n <= k)
            {
                sum += GroupSum(a, n, r, h, n, harmonic);
                a += n;
                h += r;
                continue;
            }
            return CutGroup(a, n, r, h, k - a, sum, harmonic);
        }
        return h == 0 ? 0 : sum / h;
    }

    /// <summary>Convenience overload that builds the harmonic table itself.</summary>
    public static double AtK(ReadOnlySpan<int> groupSizes, ReadOnlySpan<int> groupRelevant, int k)
    {
        int total = 0;
        foreach (var n in groupSizes) total += n;
        return AtK(groupSizes, groupRelevant, k, HarmonicNumbers(total));
    }

    /// <summary>H[i] = Σ_{t=1..i} 1/t for i = 0…<paramref name="n"/>.</summary>
    public static double[] HarmonicNumbers(int n)
    {
        var harmonic = new double[n + 1];
        for (int i = 1; i <= n; i++) harmonic[i] = harmonic[i - 1] + 1.0 / i;
        return harmonic;
    }

    // Expected Σ rel(p)·hits(p)/p over the first m positions (ranks a+1…a+m) of a randomly ordered
    // group of n items with r relevant, h relevant items ranked before it.
    static double GroupSum(int a, int n, int r, int h, int m, ReadOnlySpan<double> harmonic)
    {
        if (r == 0) return 0;
        double h1 = harmonic[a + m] - harmonic[a];
        double perPosition = (double)r / n;
        if (n == 1) return perPosition * (h + 1) * h1;
        double h2 = Math.Max(0, m - (a + 1) * h1);
        return perPosition * ((h + 1) * h1 + (double)(r - 1) / (n - 1) * h2);
    }

    // The group cut by K: m of its n positions are in the top K; x ~ hypergeometric(n, r, m).
    // Weights P(x) up to a constant, walking out from the mode with the ratio
    // P(x+1)/P(x) = (r−x)(m−x) / ((x+1)(n−r−m+x+1)); they fall monotonically away from the mode, so
    // the walk stops once a weight is below 1e-18 of the mass so far (no effect at double precision).
    static double CutGroup(int a, int n, int r, int h, int m, double sumBefore, ReadOnlySpan<double> harmonic)
    {
        int lo = Math.Max(0, m - (n - r)), hi = Math.Min(r, m);
        int mode = Math.Clamp((int)((m + 1.0) * (r + 1.0) / (n + 2.0)), lo, hi);
        double total = 0, expected = 0, weight = 1;
        for (int x = mode; x <= hi; x++)
        {
            total += weight;
            if (h + x > 0) expected += weight * (sumBefore + GroupSum(a, m, x, h, m, harmonic)) / (h + x);
            if (weight < 1e-18 * total) break;
            weight *= (double)(r - x) * (m - x) / ((double)(x + 1) * (n - r - m + x + 1));
        }
        weight = 1;
        for (int x = mode - 1; x >= lo; x--)
        {
            weight *= (double)(x + 1) * (n - r - m + x + 1) / ((double)(r - x) * (m - x));
            total += weight;
            if (h + x > 0) expected += weight * (sumBefore + GroupSum(a, m, x, h, m, harmonic)) / (h + x);
            if (weight < 1e-18 * total) break;
        }
        return expected / total;
    }
}
