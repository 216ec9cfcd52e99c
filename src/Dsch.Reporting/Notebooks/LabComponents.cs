using Deedle;
using Dsch.Components;
using Dsch.Runtime;
using Plotly.NET;
using TorchSharp;
using static TorchSharp.torch;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace Dsch.Notebooks;

/// <summary>
/// The semantic components of a set of codes (the DSCH E-step) with what a notebook shows about them: sizes,
/// posterior entropy, the fine→coarse hierarchy, the co-occurrence S = P1·P1ᵀ and images per component.
/// </summary>
/// <param name="Structure">The E-step result (P1, μ1, the fine→coarse map, P2, statistics).</param>
/// <param name="Data">The data whose training images the codes are of.</param>
public sealed record LabComponents(ComponentStructure Structure, LabData Data)
{
    /// <summary>Hard assignment (argmax of P1) of each training image, length N (<see cref="ComponentStructure.FineAssignment"/>).</summary>
    public long[] Assignment => Structure.FineAssignment;

    /// <summary>Images per fine component (hard assignments), length m1; sums to N.</summary>
    public long[] FineSizes => Structure.Statistics.FineSizes;

    /// <summary>Mean posterior entropy in nats, and its maximum ln m1 for comparison.</summary>
    public (double Mean, double Maximum) Entropy => (Structure.Statistics.MeanPosteriorEntropy, Math.Log(Structure.Fine));

    /// <summary>Class of each training image for ordering a picture (its first label on multi-label data).</summary>
    int[] TrainClasses => [.. Data.Data.Split.Train.Select(i => Enumerable.Range(0, Data.Data.Labels.Classes).FirstOrDefault(c => Data.Data.Labels.Has(i, c)))];

    /// <summary>
    /// Fine components, largest first: size, coarse parent, the class most of its members carry and their share
    /// (purity, <see cref="ComponentPurity"/>: on multi-label data an image counts for each label it carries).
    /// </summary>
    public Frame<int, string> FineTable(int top = 20)
    {
        var purity = ComponentPurity.Of(Assignment, Data.Data.Labels.Select(Data.Data.Split.Train), Data.Data.ClassNames, Data.Seed);
        return Deedle.Frame.FromRecords(purity.Rows.Take(top).Select(row => new
        {
            Fine = row.Component, row.Size, Coarse = Structure.CoarseOf[row.Component],
            Majority = purity.Columns[row.Majority], row.Purity,
        }));
    }

    /// <summary>The hierarchy: one row per coarse component with its fine components and images.</summary>
    public Frame<int, string> Hierarchy => Deedle.Frame.FromRecords(Enumerable.Range(0, Structure.Coarse).Select(c =>
    {
        var fine = Enumerable.Range(0, Structure.Fine).Where(k => Structure.CoarseOf[k] == c).ToList();
        return new { Coarse = c, FineComponents = fine.Count, Images = fine.Sum(k => FineSizes[k]), Members = string.Join(" ", fine.Take(15)) + (fine.Count > 15 ? " …" : "") };
    }));

    /// <summary>Fine component sizes, largest first, as bars.</summary>
    public GenericChart SizesChart
    {
        get
        {
            var sorted = FineSizes.OrderDescending().Select(s => (double)s).ToList();
            var bars = CSharpChart.Column<double, int, string>(sorted, Keys: Enumerable.Range(1, sorted.Count).ToList(), Name: "images");
            return Plotly.NET.Chart.withTitle($"Fine component sizes (m1 = {Structure.Fine}, N = {Assignment.Length})", null).Invoke(bars);
        }
    }

    /// <summary>S = P1·P1ᵀ on <paramref name="count"/> seeded training images ordered by class: blocks on the diagonal mean components follow classes.</summary>
    public GenericChart CooccurrenceHeatmap(int count = 60)
    {
        var classes = TrainClasses;
        var chosen = Structure.SampledRows(count, Data.Seed).OrderBy(i => classes[i]).ThenBy(i => i).ToArray();
        using var block = Structure.CooccurrenceBlock(chosen).cpu();                   // (b, b)
        var values = block.data<double>().ToArray();
        int b = chosen.Length;
        var labels = chosen.Select((i, k) => $"{k}:{Data.Data.ClassNames[classes[i]]}").ToList();
        var z = Enumerable.Range(0, b).Select(r => values.Skip(r * b).Take(b).ToArray()).ToList();
        var map = CSharpChart.Heatmap<double, string, string, string>(z, X: labels, Y: labels, Name: "S");
        return Plotly.NET.Chart.withTitle($"Co-occurrence S = P1·P1ᵀ of {b} training images, ordered by class", null).Invoke(map);
    }

    /// <summary>
    /// For the <paramref name="components"/> largest fine components, the <paramref name="perComponent"/> training
    /// images with the highest posterior — what each component "means".
    /// </summary>
    public HtmlFragment Montages(int components = 6, int perComponent = 10)
    {
        using var scope = NewDisposeScope();
        var p1 = Structure.P1.cpu();                                                   // (N, m1)
        var parts = new List<HtmlFragment>();
        foreach (var k in Enumerable.Range(0, Structure.Fine).OrderByDescending(k => FineSizes[k]).Take(components))
        {
            var posterior = p1.select(1, k).data<double>().ToArray();
            var best = Enumerable.Range(0, posterior.Length).Where(i => Assignment[i] == k).OrderByDescending(i => posterior[i]).Take(perComponent)
                .Select(i => Data.Data.Split.Train[i]).ToList();
            if (best.Count == 0) continue;
            parts.Add(Lab.Montage(Data.Data, best, perComponent, 32, $"fine component {k}: {FineSizes[k]} images, coarse {Structure.CoarseOf[k]}"));
        }
        return HtmlFragment.Join(parts);
    }
}

public static partial class Lab
{
    /// <summary>
    /// The E-step on meaningful codes before any training: the continuous ITQ projections (N, L) of the training
    /// features at <paramref name="bits"/> bits [decision: an untrained hash head's codes are almost constant, so
    /// its components say little], with the preset's component options (m1, m2, covariance) unless given.
    /// </summary>
    public static LabComponents DiscoverComponents(LabData data, LabFeatures features, int bits, ComponentOptions? options = null)
    {
        options ??= data.Preset.Training.Components;
        var train = Baselines.FeatureMatrix.FromTensor(features.Features.Train);
        var projections = Baselines.Hasher.Fit("itq", train, bits, data.Seed).Project(train);   // (N, L) row-major
        using var codes = OwnedTensor.From(projections, [train.Rows, bits]);
        return new LabComponents(EStep.Discover(codes, options, data.Seed, CPU), data);
    }
}
