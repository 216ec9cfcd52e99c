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
        Assert.Equal(MateOptions.Default with { Warmup = 3 }, training.Meeting);
        Assert.Equal(new[] { false, false, false, true }, Enumerable.Range(0, 4).Select(training.Meeting.ComponentsOnIn));
    }

    [Theory]
    [InlineData("finetune")]
    [InlineData("cifar10")]
    [InlineData("flickr25k")]
    [InlineData("nuswide")]
    public void FinetuneAndPaperPresets_KeepTodaysMethod(string preset) =>
        Assert.Null(Presets.Get(preset).Training.Mates);

    [Fact]
    public void NotebookPreset_KeepsTodaysMethod() =>
        Assert.Null(Presets.Notebook("fashion-mnist", 0).Training.Mates);

    [Fact]
    public void Baseline_IsTheAuthorsWhateverThePreset()
    {
        var quick = Presets.Quick().TrainingFor(32, 0);
        var fromQuick = TrainingSwitches.Parse("baseline", "--grid")(quick);
        var fromNoWarmup = TrainingSwitches.Parse("baseline", "--grid")(quick with { Mates = null });
        Assert.Equal(fromNoWarmup, fromQuick);
        Assert.Equal((0.0, false, MateOptions.Default), (fromQuick.Loss.Lambda, fromQuick.Loss.Cooccurrence, fromQuick.Meeting));
    }

    [Fact]
    public void NoInstance_EndsTheWarmup_WhichWouldTrainNothing()
    {
        var quick = Presets.Quick().TrainingFor(32, 0);
        Assert.Throws<InvalidInputException>(() => (quick with { Loss = quick.Loss with { Instance = false } }).Validate());
        var ablated = TrainingSwitches.Parse("no-instance", "--grid")(quick).Validate();
        Assert.Null(ablated.Mates);
        var withMemory = TrainingSwitches.Parse("mate-memory+no-instance", "--grid")(quick).Validate();
        Assert.Equal(MateOptions.Default with { MateMemory = true }, withMemory.Meeting);
        // Where there is no warm-up the switch leaves the readings as they were.
        var finetune = Presets.Finetune().TrainingFor(32, 0);
        Assert.Null(TrainingSwitches.Parse("no-instance", "--grid")(finetune).Mates);
    }

    [Fact]
    public void WarmupZero_GivesTodaysMethodBack()
    {
        var off = TrainingSwitches.Parse("warmup=0", "--grid")(Presets.Quick().TrainingFor(32, 0));
        Assert.Equal(MateOptions.Default, off.Meeting);
        Assert.True(off.Meeting.ComponentsOnIn(0));
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
