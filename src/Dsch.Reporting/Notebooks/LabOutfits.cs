using System.Net;
using Dsch.Components;
using Dsch.Data;
using Dsch.Data.Outfits;
using Plotly.NET;
using static TorchSharp.torch;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace Dsch.Notebooks;

/// <summary>
/// The batch co-occurrence S = P1·P1ᵀ of a seeded batch of training images beside what their labels say: the Jaccard
/// overlap of their label sets, and the Pearson correlation of the two over the off-diagonal pairs.
/// </summary>
/// <param name="Images">Training-set rows of the batch (ordered by label set, so images with the same items sit together).</param>
/// <param name="Captions">Label set of each batch image.</param>
/// <param name="S">(b, b) S block.</param>
/// <param name="LabelOverlap">(b, b) Jaccard overlap |A ∩ B| / |A ∪ B| of the label sets (1 on the diagonal).</param>
/// <param name="Correlation">Pearson correlation of S and the overlap over the b(b − 1) off-diagonal pairs.</param>
public sealed record CooccurrenceComparison(int[] Images, IReadOnlyList<string> Captions, double[][] S, double[][] LabelOverlap, double Correlation)
{
    /// <summary>S and the label overlap as two heatmaps side by side.</summary>
    public GenericChart Chart
    {
        get
        {
            var axis = Captions.Select((c, k) => $"{k}: {c}").ToList();
            var s = CSharpChart.Heatmap<double, string, string, string>(S.Select(r => (IEnumerable<double>)r), X: axis, Y: axis, Name: "S = P1·P1ᵀ", ShowScale: false);
            var truth = CSharpChart.Heatmap<double, string, string, string>(LabelOverlap.Select(r => (IEnumerable<double>)r), X: axis, Y: axis, Name: "label overlap");
            var grid = CSharpChart.Grid(new[] { s, truth }, 1, 2);
            return Plotly.NET.Chart.withTitle($"Batch co-occurrence S (left) vs label overlap (right), {Images.Length} images, r = {Correlation:F3}", null).Invoke(grid);
        }
    }
}

public static partial class Lab
{
    /// <summary>
    /// Fine components against the items (<see cref="ComponentPurity"/>): per fine component (largest first) the share of
    /// its images showing each item class, its most shown class and that share (purity), with the shuffled baseline.
    /// </summary>
    public static ComponentPurity FineVsItems(LabComponents components)
    {
        var data = components.Data.Data;
        return ComponentPurity.Of(components.Assignment, data.Labels.Select(data.Split.Train), data.ClassNames, components.Data.Seed);
    }

    /// <summary>
    /// Coarse components against the item groups (homology): each training image belongs to the coarse parent of its
    /// fine component and carries each item group it shows (tops, bottoms/dresses, footwear, bag); purity as
    /// <see cref="ComponentPurity"/>.
    /// </summary>
    /// <param name="components">The E-step result.</param>
    /// <param name="groups">The item groups; default <see cref="ItemGroupsOf"/> the dataset.</param>
    public static ComponentPurity CoarseVsGroups(LabComponents components, IReadOnlyList<ItemGroup>? groups = null)
    {
        var data = components.Data.Data;
        groups ??= ItemGroupsOf(data);
        var labels = data.Labels.Select(data.Split.Train);
        bool Shows(int i, int g) => groups[g].Classes.Any(c => c < labels.Classes && labels.Has(i, c));
        return ComponentPurity.Of(components.Structure.CoarseAssignment, Carries(labels, groups.Count, Shows),
            [.. groups.Select(g => g.Name)], components.Data.Seed);
    }

    /// <summary>
    /// The coarse concepts the classes of <paramref name="data"/> fall into: the item groups of the known dataset whose
    /// classes they are (<see cref="DatasetRegistry.ItemGroupsOf"/>; Fashion-MNIST's classes → the outfits benchmark's
    /// <see cref="OutfitCatalog.Groups"/>), else one group per class (no grouping is known, so coarse components are compared with the classes themselves).
    /// </summary>
    public static IReadOnlyList<ItemGroup> ItemGroupsOf(HashingDataset data) =>
        DatasetRegistry.ItemGroupsOf(data.ClassNames) ?? [.. data.ClassNames.Select((name, c) => new ItemGroup(name, [c]))];

    /// <summary>
    /// For the <paramref name="count"/> largest fine components, <paramref name="perComponent"/> of their training
    /// images (highest posterior first) captioned with their labels, under the component's most shown class and purity.
    /// </summary>
    public static HtmlFragment LabelledComponentMontages(LabComponents components, int count = 4, int perComponent = 8)
    {
        var report = FineVsItems(components);
        var train = components.Data.Data.Split.Train;
        using var scope = NewDisposeScope();
        var p1 = components.Structure.P1.cpu();                                        // (N, m1)
        var parts = report.Rows.Take(count).Select(row =>
        {
            var posterior = p1.select(1, row.Component).data<double>().ToArray();
            var members = Enumerable.Range(0, posterior.Length).Where(i => components.Assignment[i] == row.Component)
                .OrderByDescending(i => posterior[i]).ThenBy(i => i).Take(perComponent).Select(i => train[i]).ToList();
            var title = $"<h4>fine component {row.Component}: {row.Size} images, most shown {WebUtility.HtmlEncode(report.Columns[row.Majority])} ({row.Purity:P0})</h4>";
            return new HtmlFragment(title + LabelledMontage(components.Data.Data, members, perComponent).Html);
        }).ToList();
        return HtmlFragment.Join(parts);
    }

    /// <summary>A purity report as a heatmap: components (rows, largest <paramref name="top"/>) × columns, value = share of members carrying the column.</summary>
    public static GenericChart PurityHeatmap(ComponentPurity report, string title, int top = 30)
    {
        var rows = report.Rows.Take(top).ToList();
        var y = rows.Select(r => $"{r.Component} ({r.Size}, {r.Purity:P0})").ToList();
        var map = CSharpChart.Heatmap<double, string, string, string>(rows.Select(r => (IEnumerable<double>)r.Shares), X: report.Columns.ToList(), Y: y, Name: "share");
        return Plotly.NET.Chart.withTitle($"{title}: purity {report.Purity:P1} (shuffled {report.ShuffledPurity:P1})", null).Invoke(map);
    }

    /// <summary>
    /// S = P1·P1ᵀ on <paramref name="count"/> seeded training images against their label overlap (<see cref="CooccurrenceComparison"/>):
    /// does the batch co-occurrence the M-step trains with follow the items the images really share?
    /// </summary>
    public static CooccurrenceComparison CompareCooccurrence(LabComponents components, int count = 40)
    {
        var data = components.Data.Data;
        var labels = data.Labels.Select(data.Split.Train);
        var sets = LabelSets(labels, data.ClassNames);
        var chosen = components.Structure.SampledRows(count, components.Data.Seed).OrderBy(i => sets[i], StringComparer.Ordinal).ThenBy(i => i).ToArray();
        using var scope = NewDisposeScope();
        var block = components.Structure.CooccurrenceBlock(chosen).cpu().data<double>().ToArray();   // (b, b) row-major
        int b = chosen.Length;
        var s = Enumerable.Range(0, b).Select(r => block.AsSpan(r * b, b).ToArray()).ToArray();
        var overlap = chosen.Select(i => chosen.Select(j => Jaccard(labels, i, j)).ToArray()).ToArray();
        var pairs = Enumerable.Range(0, b).SelectMany(r => Enumerable.Range(0, b).Where(c => c != r).Select(c => (s[r][c], overlap[r][c]))).ToList();
        return new CooccurrenceComparison(chosen, chosen.Select(i => sets[i]).ToList(), s, overlap, Pearson(pairs));
    }

    /// <summary>A grid of images, each captioned with its label names (for multi-label data such as the outfit mosaics).</summary>
    public static HtmlFragment LabelledMontage(HashingDataset data, IReadOnlyList<int> indices, int columns = 8, int tile = 84)
    {
        string Caption(int index) => $"{index}: {string.Join(", ", Enumerable.Range(0, data.ClassNames.Count).Where(c => data.Labels.Has(index, c)).Select(c => data.ClassNames[c]))}";
        var cells = indices.Select((index, k) => new GridCell(k % Math.Max(1, columns), k / Math.Max(1, columns), () => data.LoadImage(index), Caption: Caption(index)));
        return new HtmlFragment(ImageGrid.ToHtml(new ImageGridLayout(tile, Smooth: false), cells, columns));
    }

    static List<string> LabelSets(LabelMatrix labels, IReadOnlyList<string> names) =>
        Enumerable.Range(0, labels.Count).Select(i => string.Join(" + ", Enumerable.Range(0, labels.Classes).Where(c => labels.Has(i, c)).Select(c => names[c]))).ToList();

    /// <summary>The N × <paramref name="columns"/> labels "image i carries column c" of the images of <paramref name="labels"/>.</summary>
    static LabelMatrix Carries(LabelMatrix labels, int columns, Func<int, int, bool> carries)
    {
        var result = new byte[labels.Count * columns];
        for (int i = 0; i < labels.Count; i++)
            for (int c = 0; c < columns; c++) result[i * columns + c] = carries(i, c) ? (byte)1 : (byte)0;
        return new LabelMatrix(labels.Count, columns, result);
    }

    static double Jaccard(LabelMatrix labels, int a, int b)
    {
        int both = 0, either = 0;
        for (int c = 0; c < labels.Classes; c++)
        {
            bool x = labels.Has(a, c), y = labels.Has(b, c);
            both += x && y ? 1 : 0;
            either += x || y ? 1 : 0;
        }
        return either == 0 ? 0 : (double)both / either;
    }

    static double Pearson(IReadOnlyList<(double X, double Y)> pairs)
    {
        if (pairs.Count < 2) return double.NaN;
        double mx = pairs.Average(p => p.X), my = pairs.Average(p => p.Y);
        double sxy = pairs.Sum(p => (p.X - mx) * (p.Y - my)), sxx = pairs.Sum(p => (p.X - mx) * (p.X - mx)), syy = pairs.Sum(p => (p.Y - my) * (p.Y - my));
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }
}
