using Dsch.Experiments;
using Dsch.Training;

namespace Dsch.Tests.Training;

/// <summary>The mate-meeting readings as <c>ablate</c> grid strings (the <c>train</c> options: <see cref="MateTrainCliTests"/>).</summary>
public class MateSwitchParsingTests
{
    static TrainingOptions Preset() => Dsch.Config.Presets.Quick("fashion-mnist").TrainingFor(32, 0);

    [Fact]
    public void GridStrings_MapOntoTheMateOptions()
    {
        TrainingOptions Apply(string item) => MethodSpec.ForAblation(item).Modify(Preset());
        Assert.Equal(MateBatching.Fine, Apply("fine-batches").Mates.Batches);
        Assert.Equal(MateBatching.Coarse, Apply("coarse-batches").Mates.Batches);
        Assert.True(Apply("mate-memory").Mates.MateMemory);
        Assert.Equal(0.5, Apply("s-coarse=0.5").Mates.SCoarse);
        Assert.Equal(2, Apply("s-temperature=2").Mates.STemperature);
        Assert.Equal(3, Apply("warmup=3").Mates.Warmup);
        var combined = Apply("fine-batches+mates=5+lambda=0.2");
        Assert.Equal((MateBatching.Fine, 5, 0.2), (combined.Mates.Batches, combined.Mates.Mates, combined.Loss.Lambda));
        Assert.Equal(1.0, Apply("tau=1e+0").Loss.Tau);                      // an exponent's '+' does not join items
        Assert.Equal(Preset().Mates, Apply("dsch").Mates);                // dsch: the preset as it is
    }

    [Fact]
    public void OptimizerItems_SwitchTheAdamFlavour_AtThePresetsRate()
    {
        TrainingOptions Apply(string item) => MethodSpec.ForAblation(item).Modify(Preset());
        var paper = Apply("adam-tf1+tau=1");
        Assert.Equal((OptimizerVariant.Tf1, 1.0, 5e-4, 1.0), (paper.Optimizer.Variant, paper.Optimizer.Epsilon, paper.Optimizer.Lr, paper.Loss.Tau));
        Assert.Equal(OptimizerOptions.StandardAdam(5e-4), Apply("adam").Optimizer);
        var baseline = Apply("baseline+adam-tf1");
        Assert.Equal((0.0, false, OptimizerVariant.Tf1), (baseline.Loss.Lambda, baseline.Loss.Cooccurrence, baseline.Optimizer.Variant));
    }

    [Fact]
    public void UnknownGridKey_NamesTheKnownOnes()
    {
        var error = Assert.Throws<InvalidInputException>(() => MethodSpec.ForAblation("shuffle=fine"));
        Assert.Contains("warmup", error.Message);
    }
}
