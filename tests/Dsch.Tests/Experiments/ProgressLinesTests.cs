using Dsch.Experiments;
using Dsch.Features;
using Dsch.Training;

namespace Dsch.Tests.Experiments;

/// <summary>The one progress formatter (<see cref="ProgressLines"/>) at the console's and a notebook cell's pace.</summary>
public class ProgressLinesTests
{
    static IEnumerable<TrainingProgress> AQuickRun(int epochs)
    {
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            yield return new TrainingProgress(epoch, epochs, TrainingPhase.EStep, 0, 10, 0, 0, TimeSpan.FromSeconds(9));
            for (int step = 1; step <= 10; step++)
                yield return new TrainingProgress(epoch, epochs, TrainingPhase.MStep, step, 10, 2.5, 400, TimeSpan.FromSeconds(8));
            yield return new TrainingProgress(epoch, epochs, TrainingPhase.Evaluate, 0, 1, 2.25 - epoch / 10.0, 0, TimeSpan.FromSeconds(1));
        }
    }

    static string[] Lines(ProgressPace pace, Action<ProgressLines> report, string? run = null)
    {
        var text = new StringWriter();
        report(new ProgressLines(text, pace, run));
        return text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void Console_PrintsOnlyTheLastEpoch_OfARunOfSeconds()
    {
        var lines = Lines(ProgressPace.Console, log => { foreach (var p in AQuickRun(3)) log.Report(p); });
        var line = Assert.Single(lines);
        Assert.Equal("  epoch 3/3 done: loss 2.0500, run ETA 00:00:01", line);
    }

    [Fact]
    public void NotebookCell_PrintsEveryEpoch_WithTheRunsName()
    {
        var lines = Lines(ProgressPace.NotebookCell, log => { foreach (var p in AQuickRun(3)) log.Report(p); }, run: "lambda=0");
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("  lambda=0 epoch ", l));
        Assert.Contains("loss 2.2500", lines[0]);
    }

    [Fact]
    public void ASlowRun_PrintsInEpochLines_NoMoreOftenThanTheInterval()
    {
        var pace = ProgressPace.Console with { TrainingInterval = TimeSpan.Zero };
        var lines = Lines(pace, log => { foreach (var p in AQuickRun(1)) log.Report(p); });
        Assert.Equal(12, lines.Length);                                   // E-step, 10 steps, end of the epoch
        Assert.Equal("  epoch 1/1: step 10/10, loss 2.5000, 400 images/s, run ETA 00:00:08", lines[10]);
    }

    [Theory]
    [InlineData(10, 11)]   // the console: every 10 % and the end
    [InlineData(4, 5)]     // a notebook cell: every quarter and the end
    public void Extraction_PrintsAtEveryStepOfAStage(int steps, int expected)
    {
        var pace = new ProgressPace(TimeSpan.FromSeconds(30), false, steps);
        var lines = Lines(pace, log =>
        {
            for (int done = 0; done <= 1000; done += 10) log.Report(new ExtractionProgress("train", done, 1000, 250, TimeSpan.FromSeconds((1000 - done) / 250.0)));
        });
        Assert.Equal(expected, lines.Length);
        Assert.Equal("  extracting train: 1000/1000 images, 250 img/s, ETA 00:00:00", lines[^1]);
    }

    [Fact]
    public void Lines_PassThroughUnpaced() =>
        Assert.Equal(["plan: 3 cells", "[1/3] dsch"], Lines(ProgressPace.Console, log => { log.Line("plan: 3 cells"); log.Line("[1/3] dsch"); }));
}
