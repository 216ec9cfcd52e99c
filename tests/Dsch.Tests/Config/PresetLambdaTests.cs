using Dsch.Config;
using Xunit;

namespace Dsch.Tests.Config;

/// <summary>λ per preset: the fine-tuning preset carries the value chosen on the validation split, the others the paper's.</summary>
public class PresetLambdaTests
{
    [Theory]
    [InlineData("fashion-mnist")]
    [InlineData("fashion-outfits")]
    public void Finetune_UsesTheValidatedLambda_QuickAndPaperKeepThePapers(string dataset)
    {
        Assert.Equal(0.3, Presets.Finetune(dataset).TrainingFor(32, 0).Loss.Lambda);
        Assert.Equal(0.1, Presets.Quick(dataset).TrainingFor(32, 0).Loss.Lambda);
        Assert.Equal(0.1, Presets.Paper(dataset).TrainingFor(32, 0).Loss.Lambda);
    }

    [Fact]
    public void Finetune_LambdaSwitch_StillOverridesIt()
    {
        var training = TrainingSwitches.Parse("lambda=0.1", "--grid")(Presets.Finetune().TrainingFor(32, 0));
        Assert.Equal(0.1, training.Loss.Lambda);
    }
}
