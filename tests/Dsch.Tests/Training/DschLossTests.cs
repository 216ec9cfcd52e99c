using Dsch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Tests.Training;

/// <summary>Checks the tensor loss against a plain-loop transcription of the formulas in docs/method.md ("M-step").</summary>
public class DschLossTests
{
    const int B = 3, L = 4, M1 = 5, M2 = 2;

    static double[,] RandomMatrix(Random random, int rows, int columns, bool positive = false)
    {
        var m = new double[rows, columns];
        for (int i = 0; i < rows; i++)
        for (int j = 0; j < columns; j++)
            m[i, j] = positive ? random.NextDouble() + 0.05 : random.NextDouble() * 2 - 1;
        return m;
    }

    static double[,] RowNormalize(double[,] m, bool l2)
    {
        var r = (double[,])m.Clone();
        for (int i = 0; i < m.GetLength(0); i++)
        {
            double n = 0;
            for (int j = 0; j < m.GetLength(1); j++) n += l2 ? m[i, j] * m[i, j] : m[i, j];
            n = l2 ? Math.Sqrt(n) : n;
            for (int j = 0; j < m.GetLength(1); j++) r[i, j] /= n;
        }
        return r;
    }

    static double Dot(double[,] a, int i, double[,] b, int j)
    {
        double s = 0;
        for (int k = 0; k < a.GetLength(1); k++) s += a[i, k] * b[j, k];
        return s;
    }

    static Tensor T(double[,] m) => tensor(m);

    /// <summary>Rows of image b's P repeated for both of its views.</summary>
    static double[,] PerView(double[,] perImage)
    {
        var r = new double[2 * perImage.GetLength(0), perImage.GetLength(1)];
        for (int i = 0; i < r.GetLength(0); i++)
        for (int j = 0; j < r.GetLength(1); j++) r[i, j] = perImage[i / 2, j];
        return r;
    }

    static double ReferenceInstance(double[,] z, double[,]? p1, double tau)
    {
        int n = z.GetLength(0);
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            double normaliser = 0;
            for (int k = 0; k < n; k++) if (k != i) normaliser += Math.Exp(Dot(z, i, z, k) / tau);
            double weightSum = 0;
            var w = new double[n];
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                w[j] = p1 is null ? (j / 2 == i / 2 ? 1 : 0) : Dot(p1, i, p1, j);
                weightSum += w[j];
            }
            for (int j = 0; j < n; j++)
                if (j != i) total -= w[j] / weightSum * Math.Log(Math.Exp(Dot(z, i, z, j) / tau) / normaliser);
        }
        return total / n;
    }

    static double ReferenceComponent(double[,] z, double[,] p, double[,] centres, double[] prior, double tau)
    {
        var unit = RowNormalize(centres, l2: true);
        int n = z.GetLength(0), m = centres.GetLength(0);
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            var logits = new double[m];
            for (int j = 0; j < m; j++) logits[j] = Math.Log(prior[j]) + Dot(z, i, unit, j) / tau;
            double max = logits.Max(), logSum = max + Math.Log(logits.Sum(v => Math.Exp(v - max)));
            for (int j = 0; j < m; j++) total -= p[i, j] * (logits[j] - logSum);
        }
        return total / n;
    }

    static (double[,] h, double[,] p1, double[,] p2, double[,] mu1, double[,] mu2, double[] pi1, double[] pi2) Case(int seed)
    {
        var random = new Random(seed);
        var h = RandomMatrix(random, 2 * B, L);
        var p1 = PerView(RowNormalize(RandomMatrix(random, B, M1, positive: true), l2: false));
        var map = new[] { 0, 1, 0, 1, 1 };
        var p2 = new double[2 * B, M2];
        for (int i = 0; i < 2 * B; i++) for (int j = 0; j < M1; j++) p2[i, map[j]] += p1[i, j];
        var mu1 = RandomMatrix(random, M1, L);
        var mu2 = RandomMatrix(random, M2, L);
        for (int j = 0; j < M1; j++) for (int k = 0; k < L; k++) mu1[j, k] = mu1[j, k] >= 0 ? 1 : -1;
        for (int j = 0; j < M2; j++) for (int k = 0; k < L; k++) mu2[j, k] = mu2[j, k] >= 0 ? 1 : -1;
        var pi1 = new[] { 0.1, 0.2, 0.3, 0.15, 0.25 };
        var pi2 = new[] { 0.5, 0.5 };
        return (h, p1, p2, mu1, mu2, pi1, pi2);
    }

    static BatchComponents Components((double[,] h, double[,] p1, double[,] p2, double[,] mu1, double[,] mu2, double[] pi1, double[] pi2) c) =>
        new(T(c.p1), T(c.p2), T(c.mu1), tensor(c.pi1).log(), T(c.mu2), tensor(c.pi2).log());

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.3)]
    public void AllTerms_MatchThePlainLoopFormulas(double tau)
    {
        var c = Case(seed: 11);
        var options = new LossOptions(Tau: tau, Lambda: 0.1);
        var terms = DschLoss.Compute(T(c.h), Components(c), options);

        var z = RowNormalize(c.h, l2: true);
        double instance = ReferenceInstance(z, c.p1, tau);
        double fine = ReferenceComponent(z, c.p1, c.mu1, c.pi1, tau);
        double coarse = ReferenceComponent(z, c.p2, c.mu2, c.pi2, tau);
        Assert.Equal(instance, terms.Instance.item<double>(), 10);
        Assert.Equal(fine, terms.Fine.item<double>(), 10);
        Assert.Equal(coarse, terms.Coarse.item<double>(), 10);
        Assert.Equal(instance + 0.1 * (fine + coarse), terms.Total.item<double>(), 10);
    }

    [Fact]
    public void ContrastiveBaseline_IsPlainTwoViewNtXent()
    {
        var c = Case(seed: 5);
        var terms = DschLoss.Compute(T(c.h), null, LossOptions.ContrastiveBaseline(tau: 0.5));
        Assert.Equal(ReferenceInstance(RowNormalize(c.h, l2: true), null, 0.5), terms.Total.item<double>(), 10);
        Assert.Equal(0.0, terms.Fine.item<double>());
        Assert.Equal(0.0, terms.Coarse.item<double>());
    }

    [Fact]
    public void SwitchedOffTerms_AreZero_AndLeaveTheOthersUnchanged()
    {
        var c = Case(seed: 3);
        var all = DschLoss.Compute(T(c.h), Components(c), new LossOptions(Tau: 0.5));
        var noCoarse = DschLoss.Compute(T(c.h), Components(c), new LossOptions(Tau: 0.5, Coarse: false));
        Assert.Equal(0.0, noCoarse.Coarse.item<double>());
        Assert.Equal(all.Fine.item<double>(), noCoarse.Fine.item<double>(), 12);
        Assert.Equal(all.Instance.item<double>() + 0.1 * all.Fine.item<double>(), noCoarse.Total.item<double>(), 12);
    }

    [Fact]
    public void Gradients_AreFinite_EvenWhenAllCodesCoincide()
    {
        var c = Case(seed: 9);
        var h = ones(2 * B, L, dtype: ScalarType.Float64).requires_grad_(true);
        var terms = DschLoss.Compute(h, Components(c), new LossOptions(Tau: 0.2));
        terms.Total.backward();
        Assert.True(terms.Total.isfinite().item<bool>());
        Assert.True(h.grad!.isfinite().all().item<bool>());
    }

    [Fact]
    public void AlignedViews_GiveALowerInstanceLoss_ThanUnrelatedViews()
    {
        var random = new Random(2);
        var aligned = RandomMatrix(random, 2 * B, L);
        for (int b = 0; b < B; b++) for (int k = 0; k < L; k++) aligned[2 * b + 1, k] = aligned[2 * b, k];
        var unrelated = RandomMatrix(random, 2 * B, L);
        var options = LossOptions.ContrastiveBaseline(tau: 0.2);
        Assert.True(DschLoss.Compute(T(aligned), null, options).Total.item<double>()
                    < DschLoss.Compute(T(unrelated), null, options).Total.item<double>());
    }

    [Fact]
    public void OddRowCount_IsRejected() =>
        Assert.Throws<ArgumentException>(() => DschLoss.Compute(zeros(5, L), null, LossOptions.ContrastiveBaseline(0.5)));
}
