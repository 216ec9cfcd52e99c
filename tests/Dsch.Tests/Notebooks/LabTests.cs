using Dsch.Data;
using Dsch.Notebooks;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Notebooks;

/// <summary>The notebook facade's own checks: the quick subset, the missing-data and missing-results messages.</summary>
public class LabTests
{
    [Fact]
    public void QuickSubset_IsSeeded_WithTrainInsideTheDatabase_AndQueriesFromTheQuerySet()
    {
        var full = DatasetCatalog.Open("fashion-mnist");
        var sizes = new QuickSizes(Queries: 20, Train: 50, Database: 120);
        var (a, sourceA) = QuickSubset.Draw(full, sizes, seed: 3);
        var (_, sourceB) = QuickSubset.Draw(full, sizes, seed: 3);
        var (_, sourceC) = QuickSubset.Draw(full, sizes, seed: 4);

        Assert.Equal(sourceA, sourceB);
        Assert.NotEqual(sourceA, sourceC);
        Assert.Equal(140, a.Count);
        Assert.Equal(20, a.Split.Query.Length);
        Assert.Equal(120, a.Split.Database.Length);
        Assert.Equal(50, a.Split.Train.Length);
        Assert.Subset(a.Split.Database.ToHashSet(), a.Split.Train.ToHashSet());
        var queries = full.Split.Query.ToHashSet();
        Assert.All(a.Split.Query, q => Assert.Contains(sourceA[q], queries));
        var train = full.Split.Train.ToHashSet();
        Assert.All(a.Split.Train, t => Assert.Contains(sourceA[t], train));
        for (int i = 0; i < a.Count; i += 37) Assert.True(a.Labels.Row(i).SequenceEqual(full.Labels.Row(sourceA[i])));
        using var original = full.LoadImage(sourceA[5]);
        using var copy = a.LoadImage(5);
        Assert.Equal(original[3, 14], copy[3, 14]);
    }

    [Fact]
    public void QuickSizes_TooSmall_NameTheValue()
    {
        var error = Assert.Throws<InvalidInputException>(() => new QuickSizes(Train: 100, Database: 50).Validate());
        Assert.Contains("database 50", error.Message);
    }

    [Fact]
    public void CheckData_ForAMissingDataset_SaysWhatToDownloadAndWhere()
    {
        using var empty = new TempDirectory();
        var previous = Environment.GetEnvironmentVariable("DSCH_DATA");
        try
        {
            Environment.SetEnvironmentVariable("DSCH_DATA", empty.Path);
            var status = Lab.CheckData("nuswide");
            Assert.False(status.Found);
            Assert.Contains(Path.Combine(empty.Path, "nuswide"), status.Message);
            Assert.Contains("database.txt", status.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DSCH_DATA", previous);
        }
    }

    [Fact]
    public void CheckData_UnknownName_IsAnInputError()
    {
        Assert.Throws<InvalidInputException>(() => Lab.CheckData("mnist-ish"));
    }

    [Fact]
    public void LoadResults_MissingFolder_GivesTheCommandThatCreatesIt()
    {
        using var empty = new TempDirectory();
        var error = Assert.Throws<InvalidInputException>(() => Lab.LoadResults(empty.Path));
        Assert.Contains($"./dsch reproduce --dataset fashion-mnist --bits 16,32 --methods itq,lsh,pcah --out {empty.Path}", error.Message);
    }

    [Fact]
    public void HtmlFragment_FromImage_IsAnInlinePng()
    {
        using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(4, 3);
        var fragment = HtmlFragment.FromImage(image, "a <caption>");
        Assert.Contains("src=\"data:image/png;base64,iVBOR", fragment.Html);
        Assert.Contains("a &lt;caption&gt;", fragment.Html);
    }
}
