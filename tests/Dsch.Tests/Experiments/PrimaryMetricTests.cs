using Dsch.Config;
using Dsch.Data;
using Dsch.Experiments;
using Dsch.Tests.Data;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Experiments;

/// <summary>The protocol's headline metric follows the labels: multi-hot image lists are evaluated like FLICKR25K / NUS-WIDE.</summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class PrimaryMetricTests
{
    // The named datasets' metrics without labels: DatasetRegistryTests.PrimaryMetric_WithoutLabels_IsTheProtocols.

    [Fact]
    public void AnImageListWithMultiHotLabels_GetsMap5000()
    {
        using var data = new TempDirectory();
        DataFixtures.WriteImageList(data.Path); // lines such as "1 1 0": multi-hot
        var opened = DatasetCatalog.Open("imagelist", data.Path);
        Assert.False(opened.Labels.IsSingleLabel);
        var preset = Presets.Quick("imagelist").FittedTo(opened);
        Assert.Equal("mAP@5000", preset.PrimaryMetric);
        Assert.Equal(5000, preset.PrimaryTopK);
    }

    [Fact]
    public void AnImageListWithOneLabelPerImage_KeepsMap1000()
    {
        using var data = new TempDirectory();
        ExperimentFixtures.WriteColouredSquares(data.Path);
        var opened = DatasetCatalog.Open("imagelist", data.Path);
        Assert.True(opened.Labels.IsSingleLabel);
        Assert.Equal("mAP@1000", Presets.Quick("imagelist").FittedTo(opened).PrimaryMetric);
    }

    [Fact]
    public void Reproduce_OnAMultiHotImageList_LeadsItsSummaryWithMap5000()
    {
        using var data = new TempDirectory();
        using var output = new TempDirectory();
        WriteMultiHotSquares(data.Path);
        var result = CliProcess.Run("reproduce", "--dataset", "imagelist", "--root", data.Path, "--bits", "8", "--methods", "lsh", "--out", output.Path);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        var summary = File.ReadAllText(output.File("summary.md"));
        Assert.True(summary.IndexOf("## mAP@5000") is >= 0 and var first && first < summary.IndexOf("## mAP@1000") && summary.IndexOf("## mAP@1000") < summary.IndexOf("## mAP@all"), summary);
        Assert.Contains(ResultsCsv.Read(output.File("results.csv")), r => r.Metric == "mAP@1000");
        Assert.Contains(ResultsCsv.Read(output.File("results.csv")), r => r.Metric == "mAP@5000");
    }

    [Fact]
    public void Train_OnAMultiHotImageList_ReportsMap5000First()
    {
        using var data = new TempDirectory();
        using var output = new TempDirectory();
        WriteMultiHotSquares(data.Path);
        var result = CliProcess.Run("train", "--dataset", "imagelist", "--root", data.Path, "--bits", "8", "--epochs", "1", "--out", output.File("run"));
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Contains("final (last epoch) mAP@5000 = ", result.Stdout);
        Assert.True(result.Stdout.IndexOf("mAP@5000") < result.Stdout.IndexOf("final (last epoch) mAP@1000"), result.Stdout);
    }

    /// <summary>The coloured squares with every second database image also carrying the next colour's label.</summary>
    static void WriteMultiHotSquares(string folder)
    {
        ExperimentFixtures.WriteColouredSquares(folder);
        // Make every second database image also carry the next colour's label: multi-hot lines.
        var database = File.ReadAllLines(Path.Combine(folder, "database.txt"));
        var relabelled = database.Select((line, i) => i % 2 == 0 ? line : MultiHot(line)).ToArray();
        File.WriteAllLines(Path.Combine(folder, "database.txt"), relabelled);
        foreach (var list in new[] { "train.txt", "test.txt" })
        {
            var map = relabelled.ToDictionary(l => l.Split(' ')[0]);
            var lines = File.ReadAllLines(Path.Combine(folder, list)).Select(l => map.GetValueOrDefault(l.Split(' ')[0], l));
            File.WriteAllLines(Path.Combine(folder, list), lines);
        }
    }

    static string MultiHot(string line)
    {
        var parts = line.Split(' ');
        int on = Array.IndexOf(parts, "1", 1);
        int next = on % (parts.Length - 1) + 1; // the following label column, wrapping
        parts[next] = "1";
        return string.Join(' ', parts);
    }
}
