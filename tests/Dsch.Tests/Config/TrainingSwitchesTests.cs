using Dsch.Components;
using Dsch.Config;
using Dsch.Experiments;
using Dsch.Training;

namespace Dsch.Tests.Config;

/// <summary>
/// The one vocabulary of training changes (<see cref="TrainingSwitches"/>): the keys <c>dsch train</c>'s flags map onto
/// mean what the ablation switches mean, and bad items are refused naming where they were written.
/// </summary>
public class TrainingSwitchesTests
{
    static TrainingOptions Preset() => Presets.Quick("fashion-mnist").TrainingFor(32, 0);

    static TrainingOptions Apply(string item) => TrainingSwitches.Parse(item, "--grid")(Preset());

    [Fact]
    public void KeysOfTheTrainFlags_EqualTheSwitchesOfTheGrid()
    {
        Assert.Equal(Apply("diag"), Apply("covariance=diag"));
        Assert.Equal(CovarianceType.Full, Apply("covariance=full").Components.Covariance);
        Assert.Equal(Apply("fine-batches"), Apply("batches=fine"));
        Assert.Equal(Apply("coarse-batches"), Apply("batches=coarse"));
        Assert.Equal(MateBatching.Random, Apply("batches=random").Mates.Batches);
        Assert.Equal(Apply("adam-tf1"), Apply("optimizer=adam-tf1"));
        Assert.Equal(Apply("adam"), Apply("optimizer=adam"));
        Assert.Equal(TrainingMode.Finetune, Apply("mode=finetune").Mode);
        Assert.Equal(1e-3, Apply("lr=0.001").Optimizer.Lr);
        Assert.Equal(10, Apply("batch-size=10").BatchSize);
        // The learning rate survives a later optimiser switch, as --optimizer then --lr does on the command line.
        Assert.Equal((OptimizerVariant.Tf1, 2e-3), (Apply("optimizer=adam-tf1+lr=0.002").Optimizer.Variant, Apply("optimizer=adam-tf1+lr=0.002").Optimizer.Lr));
    }

    [Fact]
    public void Items_ApplyLeftToRight_AndAblationSpecsUseThem()
    {
        var baselineAfterTau = Apply("tau=0.5+baseline");
        Assert.Equal((0.5, 0.0, false), (baselineAfterTau.Loss.Tau, baselineAfterTau.Loss.Lambda, baselineAfterTau.Loss.Cooccurrence));
        Assert.Equal(Apply("lambda=0.3+no-fine"), MethodSpec.ForAblation("lambda=0.3+no-fine").Modify(Preset()));
        Assert.Equal(Preset(), Apply("dsch"));
    }

    [Fact]
    public void NumbersRoundTripThroughItems()
    {
        foreach (var value in new[] { 0.1, 1.0 / 3, 5e-4, 1e-12, 123456.789 })
            Assert.Equal(value, TrainingSwitches.Parse(TrainingSwitches.Item("lambda", value), "--lambda")(Preset()).Loss.Lambda);
    }

    [Theory]
    [InlineData("covariance=spherical", "--grid: 'spherical' is not full or diag")]
    [InlineData("batches=whole", "--grid: 'whole' is not random, fine or coarse")]
    [InlineData("optimizer=sgd", "--grid: 'sgd' is not adam or adam-tf1")]
    [InlineData("mode=online", "--grid: 'online' is not frozen or finetune")]
    [InlineData("lambda=abc", "--grid: 'lambda=abc' is not a known switch or key=value")]
    [InlineData("no-such-switch", "--grid: 'no-such-switch' is not a known switch or key=value")]
    [InlineData("shuffle=3", "--grid: unknown key 'shuffle' in 'shuffle=3'")]
    public void BadItems_AreRefused_NamingWhereTheyWereWritten(string item, string message)
    {
        var error = Assert.Throws<InvalidInputException>(() => TrainingSwitches.Parse(item, "--grid"));
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void AFlagNamesItselfInTheError()
    {
        var error = Assert.Throws<InvalidInputException>(() => TrainingSwitches.Parse("covariance=tied", "--covariance"));
        Assert.Equal("--covariance: 'tied' is not full or diag", error.Message);
    }
}
