using Dsch.Tests.TestSupport;
using Dsch.Training;
using static TorchSharp.torch;

namespace Dsch.Tests.Training;

/// <summary>
/// <see cref="EvaluationSchedule"/>: evaluating after the last epoch only changes what is measured, never what is trained —
/// the same codes and final report as evaluating every epoch — and the final model is encoded once.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class EvaluationScheduleTests
{
    [Fact]
    public void LastEpochOnly_TrainsTheSameCodes_AndRecordsOnlyTheLastEvaluation()
    {
        var every = new DschTrainer(DschTrainerTests.Options(epochs: 3), CPU).TrainFrozen(DschTrainerTests.Synthetic());
        var last = new DschTrainer(DschTrainerTests.Options(epochs: 3) with { Evaluation = EvaluationSchedule.LastEpoch }, CPU)
            .TrainFrozen(DschTrainerTests.Synthetic());
        Assert.Equal(every.QueryCodes, last.QueryCodes);
        Assert.Equal(every.DatabaseCodes, last.DatabaseCodes);
        Assert.Equal(every.Final.MapAtK, last.Final.MapAtK);
        Assert.Equal(every.History[^1].Map, last.History[^1].Map);
        Assert.All(last.History.Take(2), e => Assert.Empty(e.Map));
        Assert.All(every.History, e => Assert.NotEmpty(e.Map));
        Assert.True(double.IsNaN(last.History[0].MapAt("all")));
        Assert.Equal(2, last.BestOnTestEpoch);                       // the only evaluated epoch
        Assert.Equal(last.Final.MapAtK["20"], last.BestOnTestMap);
    }

    [Theory]
    [InlineData(EvaluationSchedule.EveryEpoch, new[] { true, true, true })]
    [InlineData(EvaluationSchedule.LastEpoch, new[] { false, false, true })]
    public void EvaluatesAfter_FollowsTheSchedule_AndAlwaysTheLastEpoch(EvaluationSchedule schedule, bool[] expected)
    {
        var options = DschTrainerTests.Options(epochs: 3) with { Evaluation = schedule };
        Assert.Equal(expected, Enumerable.Range(0, 3).Select(options.EvaluatesAfter).ToArray());
    }

    [Fact]
    public void RunCost_Estimate_CountsStepsEncodingsAndScheduledEvaluations()
    {
        var cost = new RunCost(StepSeconds: 0.5, EncodeSecondsPerImage: 0.001);
        var options = DschTrainerTests.Options(epochs: 4) with { Evaluation = EvaluationSchedule.LastEpoch };   // B = 8, components on
        // 4 epochs × (100/8 = 12 steps × 0.5 s + 100 training images encoded × 1 ms) + 1 evaluation × 1,100 images × 1 ms.
        Assert.Equal(4 * (12 * 0.5 + 0.1) + 1.1, cost.Estimate(options, 100, 100, 1000), 9);
        var everyEpoch = options with { Evaluation = EvaluationSchedule.EveryEpoch };
        Assert.Equal(4 * (12 * 0.5 + 0.1) + 4 * 1.1, cost.Estimate(everyEpoch, 100, 100, 1000), 9);
    }
}
