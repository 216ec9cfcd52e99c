using Dsch.Components;
using Dsch.Config;
using Dsch.Data;
using Dsch.Notebooks;
using Dsch.Tests.Components;
using static TorchSharp.torch;

namespace Dsch.Tests.Notebooks;

/// <summary>
/// The notebook calls that compare components with multi-label images, on 120 in-memory images whose codes encode
/// their label set (four outfits) plus noise: components must then follow the labels, far above the shuffled level.
/// </summary>
[Collection(ComponentsCollection.Name)]
public class LabOutfitsTests
{
    static readonly string[] Names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
    static readonly int[][] Outfits = [[0, 5], [6, 1, 9], [3, 5, 8], [4, 1, 9, 2]];
    static readonly double[][] Patterns = [[1, 1, -1, -1, 1, -1], [-1, 1, 1, -1, -1, 1], [1, -1, 1, 1, -1, -1], [-1, -1, -1, 1, 1, 1]];
    const int N = 120, Train = 100;

    static LabComponents Components()
    {
        var multiHot = new byte[N * 10];
        for (int i = 0; i < N; i++) foreach (var c in Outfits[i % 4]) multiHot[i * 10 + c] = 1;
        var labels = new LabelMatrix(N, 10, multiHot);
        var split = new DatasetSplit("fashion-outfits", "test", 0, [.. Enumerable.Range(0, N - Train)], [.. Enumerable.Range(N - Train, Train)],
            [.. Enumerable.Range(N - Train, Train)], labels.ContentHash());
        var pixels = Enumerable.Range(0, N * 4 * 4).Select(k => (byte)(k % 251)).ToArray();
        var data = HashingDataset.InMemory("fashion-outfits", Names, labels, pixels, 4, 4, 1, split);
        var random = new SeededRandom(11);
        var codes = new double[Train * 6];
        for (int r = 0; r < Train; r++)
            for (int d = 0; d < 6; d++) codes[r * 6 + d] = Math.Tanh(Patterns[split.Train[r] % 4][d] + random.Uniform(-0.3, 0.3));
        using var wrapped = tensor(codes, [Train, 6], ScalarType.Float64);
        using var aligned = wrapped.clone();
        var structure = EStep.Discover(aligned, new ComponentOptions { M1 = 4, M2 = 2, Covariance = CovarianceType.Diagonal, MaxIter = 30 }, 0, CPU);
        return new LabComponents(structure, new LabData(data, Presets.Quick("fashion-outfits"), true, 0, null));
    }

    [Fact]
    public void FineVsItems_FindsPureComponents_FarAboveTheShuffledLevel()
    {
        var report = Lab.FineVsItems(Components());
        Assert.Equal(Train, report.Rows.Sum(r => r.Size));
        Assert.Equal(Names, report.Columns);
        Assert.True(report.Purity > 0.95, $"purity {report.Purity}");
        Assert.True(report.ShuffledPurity < 0.8, $"shuffled {report.ShuffledPurity}");
        var largest = report.Rows[0];
        Assert.Contains(largest.Majority, Outfits.SelectMany(o => o));
        Assert.Equal(largest.Shares.Max(), largest.Purity);
        Assert.All(largest.Shares, share => Assert.InRange(share, 0, 1));
        Assert.Contains("purity", Plotly.NET.GenericChart.toChartHTML(Lab.PurityHeatmap(report, "fine vs items")));
    }

    [Fact]
    public void CoarseVsGroups_ComparesTheSetOfItemGroupsEachImageShows()
    {
        var report = Lab.CoarseVsGroups(Components());
        Assert.Equal(["tops", "bottoms/dresses", "footwear", "bag"], report.Columns);
        Assert.Equal(Train, report.Rows.Sum(r => r.Size));
        Assert.True(report.Rows.Count <= 2);
        // Every outfit here shows footwear, so each coarse component's footwear share is 1.
        Assert.All(report.Rows, r => Assert.Equal(1.0, r.Shares[2]));
        Assert.All(report.Rows, r => Assert.Equal(1.0, r.Purity));
    }

    [Fact]
    public void CompareCooccurrence_FollowsTheLabelOverlap_WhenCodesEncodeTheLabels()
    {
        var comparison = Lab.CompareCooccurrence(Components(), count: 24);
        Assert.Equal(24, comparison.Images.Length);
        Assert.Equal(24, comparison.S.Length);
        Assert.All(comparison.LabelOverlap, row => Assert.Equal(24, row.Length));
        Assert.Equal(1.0, comparison.LabelOverlap[0][0]);
        Assert.Equal(comparison.Captions.Order(StringComparer.Ordinal), comparison.Captions);
        // S ≈ 1 within an outfit and ≈ 0 across, while outfits that share an item overlap partly (Jaccard 1/4 … 2/5): r ≈ 0.66 here.
        Assert.True(comparison.Correlation > 0.5, $"r = {comparison.Correlation}");
        var pairs = Enumerable.Range(0, 24).SelectMany(a => Enumerable.Range(0, 24).Where(b => b != a).Select(b => (Same: comparison.Captions[a] == comparison.Captions[b], S: comparison.S[a][b]))).ToList();
        double within = pairs.Where(p => p.Same).Average(p => p.S), across = pairs.Where(p => !p.Same).Average(p => p.S);
        Assert.True(within > 0.8 && across < 0.2, $"S within outfits {within}, across {across}");
        Assert.Contains("label overlap", Plotly.NET.GenericChart.toChartHTML(comparison.Chart));
    }

    [Fact]
    public void TheQuickSubsetOfOutfits_KeepsTheGeneratorStamp_AndTheMosaicSize()
    {
        using var folder = new Dsch.Tests.TestSupport.TempDirectory();
        using var splits = new Dsch.Tests.TestSupport.TempDirectory();
        Dsch.Tests.Data.DataFixtures.WriteFashionMnist(folder.Path, 600, 100);
        var full = DatasetCatalog.Open("fashion-outfits", folder.Path, 0, splits.Path, null);
        var (subset, _) = QuickSubset.Draw(full, new QuickSizes(Queries: 10, Train: 40, Database: 80), seed: 0);
        Assert.Equal(full.Split.Generator, subset.Split.Generator);   // its feature cache key follows the generator version
        using var image = subset.LoadImage(0);
        Assert.Equal((56, 56), (image.Width, image.Height));
    }

    [Fact]
    public void LabelledMontage_CaptionsEveryImageWithItsLabelNames()
    {
        var data = Components().Data.Data;
        var html = Lab.LabelledMontage(data, [0, 1, 2], columns: 3, tile: 28).Html;
        Assert.Equal(3, html.Split("<img").Length - 1);
        Assert.Contains("0: T-shirt/top, Sandal", html);
        Assert.Contains("2: Dress, Sandal, Bag", html);
    }

    [Fact]
    public void LabelledComponentMontages_ShowTheLargestComponents_EachUnderItsMostShownClass()
    {
        var components = Components();
        var report = Lab.FineVsItems(components);
        var html = Lab.LabelledComponentMontages(components, count: 2, perComponent: 3).Html;
        Assert.Equal(2, html.Split("<h4>").Length - 1);
        Assert.Equal(6, html.Split("<img").Length - 1);
        var majority = System.Net.WebUtility.HtmlEncode(report.Columns[report.Rows[0].Majority]);
        Assert.Contains($"fine component {report.Rows[0].Component}: {report.Rows[0].Size} images, most shown {majority}", html);
        // A member captioned under a component carries that component's most shown class here (the components are pure).
        var first = html[..html.IndexOf("<h4>", 4, StringComparison.Ordinal)];
        Assert.Contains(majority, first[first.IndexOf("<img", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void ItemGroupsOf_UsesTheOutfitGroupsForFashionClasses_AndOneGroupPerClassOtherwise()
    {
        var fashion = Components().Data.Data;
        Assert.Same(OutfitCatalogGroups, Lab.ItemGroupsOf(fashion));
        var other = HashingDataset.InMemory("other", ["cat", "dog"], LabelMatrix.FromClassIds([0, 1], 2), new byte[2 * 4], 2, 2, 1,
            new DatasetSplit("other", "test", 0, [0], [1], [1], LabelMatrix.FromClassIds([0, 1], 2).ContentHash()));
        var groups = Lab.ItemGroupsOf(other);
        Assert.Equal(["cat", "dog"], groups.Select(g => g.Name));
        Assert.Equal([1], groups[1].Classes);
    }

    static readonly IReadOnlyList<Dsch.Data.Outfits.ItemGroup> OutfitCatalogGroups = Dsch.Data.Outfits.OutfitCatalog.Groups;
}
