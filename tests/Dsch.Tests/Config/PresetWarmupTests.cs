using Dsch.Config;
using Dsch.Experiments;
using Dsch.Training;

namespace Dsch.Tests.Config;

/// <summary>
/// The quick preset's warm-up (<see cref="Presets.QuickWarmupEpochs"/>, adopted from the co-occurrence study) reaches
/// exactly the frozen quick runs: the fine-tuning and paper presets and the notebooks keep DSCH without it, and the
/// contrastive baseline stays the authors' whatever the preset.
/// </summary>
public class PresetWarmupTests
{
    [Theory]
    [InlineData("fashion-mnist")]
    [InlineData("fashion-outfits")]
    [InlineData("imagelist")]
    public void QuickPreset_WarmsUpForThreeEpochs_WithEveryOtherReadingAtTodaysMethod(string dataset)
    {
        var training = Presets.Quick(dataset).TrainingFor(32, 0).Validate();
        Assert.Equal(MateOptions.Default with { Warmup = 3 }, training.Mates);
        Assert.Equal(new[] { false, false, false, true }, Enumerable.Range(0, 4).Select(training.Mates.ComponentsOnIn));
    }

    [Theory]
    [InlineData("finetune")]
    [InlineData("cifar10")]
    [InlineData("flickr25k")]
    [InlineData("nuswide")]
    public void FinetuneAndPaperPresets_KeepTodaysMethod(string preset) =>
        Assert.Equal(MateOptions.Default, Presets.Get(preset).Training.Mates);

    [Fact]
    public void NotebookPreset_KeepsTodaysMethod() =>
        Assert.Equal(MateOptions.Default, Presets.Notebook("fashion-mnist", 0).Training.Mates);

    [Fact]
    public void Baseline_IsTheAuthorsWhateverThePreset()
    {
        var quick = Presets.Quick().TrainingFor(32, 0);
        var fromQuick = TrainingSwitches.Parse("baseline", "--grid")(quick);
        var fromNoWarmup = TrainingSwitches.Parse("baseline", "--grid")(quick with { Mates = MateOptions.Default });
        Assert.Equal(fromNoWarmup, fromQuick);
        Assert.Equal((0.0, false, MateOptions.Default), (fromQuick.Loss.Lambda, fromQuick.Loss.Cooccurrence, fromQuick.Mates));
    }

    [Fact]
    public void NoInstance_EndsTheWarmup_WhichWouldTrainNothing()
    {
        var quick = Presets.Quick().TrainingFor(32, 0);
        Assert.Throws<InvalidInputException>(() => (quick with { Loss = quick.Loss with { Instance = false } }).Validate());
        var ablated = TrainingSwitches.Parse("no-instance", "--grid")(quick).Validate();
        Assert.Equal(MateOptions.Default, ablated.Mates);
        var withMemory = TrainingSwitches.Parse("mate-memory+no-instance", "--grid")(quick).Validate();
        Assert.Equal(MateOptions.Default with { MateMemory = true }, withMemory.Mates);
        // Where there is no warm-up the switch leaves the readings as they were.
        var finetune = Presets.Finetune().TrainingFor(32, 0);
        Assert.Equal(MateOptions.Default, TrainingSwitches.Parse("no-instance", "--grid")(finetune).Mates);
    }

    [Fact]
    public void WarmupZero_GivesTodaysMethodBack()
    {
        var off = TrainingSwitches.Parse("warmup=0", "--grid")(Presets.Quick().TrainingFor(32, 0));
        Assert.Equal(MateOptions.Default, off.Mates);
        Assert.True(off.Mates.ComponentsOnIn(0));
    }

    [Fact]
    public void ARunNoLongerThanItsWarmup_IsToldItTrainsTheBaseline()
    {
        var quick = Presets.Quick().TrainingFor(32, 0);
        Assert.Null(Experiment.WarmupNotice(quick));
        Assert.Null(Experiment.WarmupNotice(quick with { Epochs = 4 }));
        Assert.StartsWith("note: the warm-up of 3 epochs is not shorter than the run's 3,", Experiment.WarmupNotice(quick with { Epochs = 3 }));
        Assert.NotNull(Experiment.WarmupNotice(quick with { Epochs = 1 }));
        Assert.Null(Experiment.WarmupNotice(TrainingSwitches.Parse("baseline", "--grid")(quick with { Epochs = 1 })));
        Assert.Null(Experiment.WarmupNotice(Presets.Finetune().TrainingFor(32, 0) with { Epochs = 1 }));
    }
}
