using Dsch.Data;
using Dsch.Training;
using static TorchSharp.torch;

namespace Dsch.Tests.Training;

/// <summary>The share of L_ic's positive weight on other images, a memory of mates, and purity of components.</summary>
public class MateReadingsLossTests
{
    const int L = 4;

    // Two images, two views each (4 rows); components: image 0 and image 1 in fine component 0 or in 0 and 1.
    static BatchComponents Batch(bool mates, Tensor? cooccurrence = null)
    {
        var p1 = mates ? tensor(new double[,] { { 1, 0 }, { 1, 0 }, { 1, 0 }, { 1, 0 } }) : tensor(new double[,] { { 1, 0 }, { 1, 0 }, { 0, 1 }, { 0, 1 } });
        var centres = tensor(new double[,] { { 1, 1, 1, 1 }, { 1, -1, 1, -1 } });
        var logPrior = tensor(new[] { 0.5, 0.5 }).log();
        return new BatchComponents(p1, p1, centres, logPrior, centres, logPrior, cooccurrence);
    }

    static Tensor Codes(int seed) => randn([4, L], generator: new Generator((ulong)seed, device: CPU)).to(ScalarType.Float64);

    [Fact]
    public void Share_IsZero_UnderSEqualsI()
    {
        var terms = DschLoss.Compute(Codes(1), null, LossOptions.ContrastiveBaseline(0.5));
        Assert.Equal(0.0, terms.OtherImageShare.item<double>());
    }

    [Fact]
    public void Share_IsTwoThirds_WhenBothImagesShareAOneHotComponent()
    {
        // Every row's three candidates have S = 1: its twin gets 1/3, the other image's two views 2/3.
        var terms = DschLoss.Compute(Codes(2), Batch(mates: true), new LossOptions(Tau: 0.5));
        Assert.Equal(2.0 / 3, terms.OtherImageShare.item<double>(), 12);
        var apart = DschLoss.Compute(Codes(2), Batch(mates: false), new LossOptions(Tau: 0.5));
        Assert.Equal(0.0, apart.OtherImageShare.item<double>(), 12);
    }

    [Fact]
    public void Memory_OfAMate_RaisesTheShare_AndJoinsTheCandidates()
    {
        // Images in different components, plus a memory row that is a mate of image 0 (S = 1 for rows 0 and 1).
        var s = tensor(new double[,] { { 1, 1, 0, 0, 1 }, { 1, 1, 0, 0, 1 }, { 0, 0, 1, 1, 0 }, { 0, 0, 1, 1, 0 } });
        var memory = nn.functional.normalize(randn([1, L], generator: new Generator(9, device: CPU)).to(ScalarType.Float64), p: 2, dim: 1);
        var options = new LossOptions(Tau: 0.5);
        var withMemory = DschLoss.Compute(Codes(3), Batch(mates: false, s), options, memory);
        // Rows 0 and 1 put half their weight on the memory row; rows 2 and 3 none: share 1/4.
        Assert.Equal(0.25, withMemory.OtherImageShare.item<double>(), 12);
        var without = DschLoss.Compute(Codes(3), Batch(mates: false), options);
        Assert.NotEqual(without.Instance.item<double>(), withMemory.Instance.item<double>());
    }

    [Fact]
    public void SoftenedPosteriors_SpreadWeight_AndKeepRowsNormalised()
    {
        var p1 = tensor(new double[,] { { 0.98, 0.02 }, { 0.5, 0.5 } });
        var q = EpochMates.Softened(p1, temperature: 2, normalized: false);
        Assert.Equal(Math.Sqrt(0.98) / (Math.Sqrt(0.98) + Math.Sqrt(0.02)), q[0, 0].item<double>(), 12);
        Assert.Equal(0.5, q[1, 0].item<double>(), 12);
        var unit = EpochMates.Softened(p1, temperature: 2, normalized: true);
        Assert.Equal(1.0, unit[0].norm().item<double>(), 12);
    }

    [Fact]
    public void Purity_CountsEachComponentsMostFrequentLabel()
    {
        var probe = new PurityProbe(LabelMatrix.FromClassIds([0, 0, 1, 1, 1, 2], classes: 3));
        // Fine {0,1,2} → label 0 twice, {3,4,5} → label 1 twice: 4/6; coarse all one component → label 1: 3/6.
        var (fine, coarse) = probe.Measure([0, 0, 0, 1, 1, 1], [0, 0, 0, 0, 0, 0]);
        Assert.Equal(4.0 / 6, fine, 12);
        Assert.Equal(3.0 / 6, coarse, 12);
    }
}
