using Dsch.Data;
using Dsch.Tests.TestSupport;
using Dsch.Training;
using static TorchSharp.torch;

namespace Dsch.Tests.Training;

/// <summary>
/// The diagnostics of every epoch and the mate-meeting readings in the EM loop, on the synthetic clusters of
/// <see cref="DschTrainerTests"/> (120 images, m1 = 8, B = 8).
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class MateReadingsTrainerTests
{
    static readonly PurityProbe Purity = new(LabelMatrix.FromClassIds([.. Enumerable.Range(0, 4).SelectMany(c => Enumerable.Repeat(c, 30))], 4));

    static IReadOnlyList<EpochRecord> Train(MateOptions? mates, int epochs = 2, LossOptions? loss = null)
    {
        var options = DschTrainerTests.Options(epochs) with { Mates = mates ?? MateOptions.Default };
        if (loss is not null) options = options with { Loss = loss };
        return new DschTrainer(options, CPU, purity: Purity).TrainFrozen(DschTrainerTests.Synthetic()).History;
    }

    static double Mean(IReadOnlyList<EpochRecord> history, Func<EpochDiagnostics, double> value) =>
        history.Average(h => value(h.Diagnostics!));

    [Fact]
    public void EveryEpoch_ReportsTheDiagnostics()
    {
        var history = Train(null);
        Assert.All(history, h =>
        {
            var d = h.Diagnostics!;
            Assert.True(d.FineEntropy >= 0 && d.CoarseEntropy >= 0 && d.CoarseEntropy <= d.FineEntropy + 1e-9);
            Assert.InRange(d.OtherImageShare, 0, 1);
            Assert.True(d.FinePartnersPerRow >= 0 && d.CoarsePartnersPerRow >= d.FinePartnersPerRow);
            Assert.InRange(d.FinePurity, 0.25, 1);
            Assert.True(d.CoarsePurity <= d.FinePurity + 1e-12);
            Assert.True(d.ComponentTermsOn);
        });
    }

    [Fact]
    public void ContrastiveBaseline_PutsNoWeightOnOtherImages_AndRunsNoEStep()
    {
        var history = Train(null, loss: LossOptions.ContrastiveBaseline(0.3));
        Assert.All(history, h =>
        {
            Assert.Equal(0.0, h.Diagnostics!.OtherImageShare);
            Assert.True(double.IsNaN(h.Diagnostics.FinePartnersPerRow) && double.IsNaN(h.Diagnostics.FinePurity));
        });
    }

    [Fact]
    public void FineBatches_BringMatesTogether_AndRaiseTheWeightShare()
    {
        var random = Train(null);
        var batches = Train(new MateOptions(Batches: MateBatching.Fine, Mates: 4));
        // k = 4: at least 3 partners per row in the batches made of mates.
        Assert.True(Mean(batches, d => d.FinePartnersPerRow) > Mean(random, d => d.FinePartnersPerRow) + 1,
            $"{Mean(batches, d => d.FinePartnersPerRow)} vs {Mean(random, d => d.FinePartnersPerRow)}");
        Assert.True(Mean(batches, d => d.OtherImageShare) > Mean(random, d => d.OtherImageShare));
    }

    [Fact]
    public void CoarseS_Memory_AndSoftenedPosteriors_RaiseTheWeightShare()
    {
        double today = Mean(Train(null), d => d.OtherImageShare);
        double coarse = Mean(Train(new MateOptions(SCoarse: 1)), d => d.OtherImageShare);
        double memory = Mean(Train(new MateOptions(MateMemory: true)), d => d.OtherImageShare);
        double softened = Mean(Train(new MateOptions(STemperature: 8)), d => d.OtherImageShare);
        Assert.True(coarse > today, $"coarse {coarse} vs {today}");
        Assert.True(memory > today, $"memory {memory} vs {today}");
        Assert.True(softened > today, $"softened {softened} vs {today}");
    }

    [Fact]
    public void WarmUp_ZeroesTheComponentTermsBeforeEpochK_WhileTheEStepStillRuns()
    {
        var history = Train(new MateOptions(Batches: MateBatching.Fine, Mates: 4, MateMemory: true, Warmup: 2), epochs: 3);
        foreach (var h in history.Take(2))
        {
            Assert.Equal(0.0, h.LossFine);
            Assert.Equal(0.0, h.LossCoarse);
            Assert.Equal(0.0, h.Diagnostics!.OtherImageShare);
            Assert.Equal(h.LossInstance, h.LossTotal);
            Assert.False(h.Diagnostics.ComponentTermsOn);
            Assert.True(h.EStepIterations >= 1);
        }
        var on = history[2];
        Assert.True(on.Diagnostics!.ComponentTermsOn && on.LossFine > 0 && on.Diagnostics.OtherImageShare > 0);
    }

    [Fact]
    public void DefaultReadings_TrainExactlyAsUnsetOnes()
    {
        var unset = new DschTrainer(DschTrainerTests.Options(2), CPU).TrainFrozen(DschTrainerTests.Synthetic());
        var explicitDefault = new DschTrainer(DschTrainerTests.Options(2) with { Mates = new MateOptions() }, CPU, purity: Purity)
            .TrainFrozen(DschTrainerTests.Synthetic());
        Assert.Equal(unset.QueryCodes, explicitDefault.QueryCodes);
        Assert.Equal(unset.DatabaseCodes, explicitDefault.DatabaseCodes);
    }
}
