using Dsch.Data;

namespace Dsch.Components;

/// <summary>One component against the labels (<see cref="ComponentPurity"/>).</summary>
/// <param name="Component">Component id.</param>
/// <param name="Size">Images assigned to it.</param>
/// <param name="Majority">The label its members carry most often (the lowest on ties).</param>
/// <param name="Purity">Share of its members carrying <paramref name="Majority"/>: the largest of <paramref name="Shares"/>.</param>
/// <param name="Shares">Per label: share of its members carrying it.</param>
public sealed record ComponentLabelRow(int Component, int Size, int Majority, double Purity, double[] Shares);

/// <summary>
/// The one purity of hard component assignments against labels (docs/method.md, "Component purity"), for single- and
/// multi-label data: <c>purity = Σ_c max_y |{i ∈ c : i carries y}| / N</c> — per component the number of members
/// carrying its most carried label, summed and divided by the images. On single-label data it is the usual majority
/// purity. It is reported with the same purity of the assignments shuffled (seeded; same component sizes, no relation
/// to the images): the level chance alone reaches, high when one label is frequent.
/// </summary>
/// <remarks>
/// [decision] The trainer's diagnostics (metrics.jsonl's <c>fine_purity</c>, <c>coarse_purity</c>), the notebooks'
/// tables and heatmaps all read this class, so they agree on multi-label data.
/// </remarks>
/// <param name="Rows">Non-empty components, largest first (ties by component id).</param>
/// <param name="Columns">Names of the labels, the columns of <see cref="ComponentLabelRow.Shares"/>.</param>
/// <param name="Purity">The purity of the assignments, in [0, 1].</param>
/// <param name="ShuffledPurity">The purity of the shuffled assignments.</param>
public sealed record ComponentPurity(IReadOnlyList<ComponentLabelRow> Rows, IReadOnlyList<string> Columns, double Purity, double ShuffledPurity)
{
    /// <summary>The report of <paramref name="assignment"/> (component of each image) against <paramref name="labels"/> (N × C).</summary>
    /// <param name="assignment">Component of each of the N images (e.g. <see cref="ComponentStructure.FineAssignment"/>).</param>
    /// <param name="labels">The N images' labels.</param>
    /// <param name="columns">The C label names.</param>
    /// <param name="seed">Seed of the shuffle behind <see cref="ShuffledPurity"/>.</param>
    public static ComponentPurity Of(IReadOnlyList<long> assignment, LabelMatrix labels, IReadOnlyList<string> columns, long seed)
    {
        if (columns.Count != labels.Classes) throw new ArgumentException($"{columns.Count} column names for {labels.Classes} labels");
        var counts = Counts(assignment, labels);
        var rows = counts.Select(c =>
        {
            int majority = Majority(c.Value.Carrying);
            var shares = c.Value.Carrying.Select(n => n / (double)c.Value.Size).ToArray();
            return new ComponentLabelRow((int)c.Key, c.Value.Size, majority, shares[majority], shares);
        }).OrderByDescending(r => r.Size).ThenBy(r => r.Component).ToList();
        return new ComponentPurity(rows, columns, Of(counts, assignment.Count), Shuffled(assignment, labels, seed));
    }

    /// <summary>The purity of <paramref name="assignment"/> against <paramref name="labels"/>; NaN for no images.</summary>
    public static double Of(IReadOnlyList<long> assignment, LabelMatrix labels) => Of(Counts(assignment, labels), assignment.Count);

    /// <summary>The purity of <paramref name="assignment"/> after a shuffle seeded by <paramref name="seed"/>: the chance level.</summary>
    public static double Shuffled(IReadOnlyList<long> assignment, LabelMatrix labels, long seed)
    {
        var shuffled = assignment.ToArray();
        SeededRandom.Derive(seed, 0x9A1).Shuffle(shuffled);
        return Of(shuffled, labels);
    }

    // Integer counts summed before the one division: the value does not depend on the order of the components.
    static double Of(Dictionary<long, (int Size, int[] Carrying)> counts, int n) =>
        n == 0 ? double.NaN : counts.Values.Sum(c => (double)c.Carrying.Max()) / n;

    static int Majority(int[] carrying)
    {
        int best = 0;
        for (int y = 1; y < carrying.Length; y++) if (carrying[y] > carrying[best]) best = y;
        return best;
    }

    /// <summary>Per component: its size and, per label, how many members carry it.</summary>
    static Dictionary<long, (int Size, int[] Carrying)> Counts(IReadOnlyList<long> assignment, LabelMatrix labels)
    {
        if (assignment.Count != labels.Count)
            throw new ArgumentException($"{assignment.Count} assignments for {labels.Count} labelled images");
        var counts = new Dictionary<long, (int Size, int[] Carrying)>();
        for (int i = 0; i < assignment.Count; i++)
        {
            if (!counts.TryGetValue(assignment[i], out var c)) c = (0, new int[labels.Classes]);
            var row = labels.Row(i);
            for (int y = 0; y < row.Length; y++) c.Carrying[y] += row[y];
            counts[assignment[i]] = (c.Size + 1, c.Carrying);
        }
        return counts;
    }
}
