using Dsch.Data;
using Dsch.Retrieval;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Notebooks;

/// <summary>A query and its top-k retrieved images.</summary>
/// <param name="Query">Position of the query in the query part of the split.</param>
/// <param name="QueryImage">Dataset image index of the query.</param>
/// <param name="Items">The top-k, best first (<see cref="Neighbour.Row"/>: position in the database part of the split).</param>
/// <param name="Images">Dataset image index of each item, in rank order.</param>
/// <param name="Relevant">Whether each item shares a label with the query, in rank order.</param>
/// <param name="View">The query and the retrieved images, green frame = relevant, red = not, Hamming distance below.</param>
public sealed record RetrievalDemo(int Query, int QueryImage, IReadOnlyList<Neighbour> Items, IReadOnlyList<int> Images,
    IReadOnlyList<bool> Relevant, HtmlFragment View)
{
    /// <summary>Share of relevant items in the top-k.</summary>
    public double Precision => Items.Count == 0 ? 0 : Relevant.Count(r => r) / (double)Items.Count;
}

public static partial class Lab
{
    /// <summary>Ranks the database by Hamming distance to query <paramref name="query"/> under the final codes of <paramref name="run"/> and shows the top <paramref name="k"/>.</summary>
    public static RetrievalDemo Retrieve(LabData data, LabRun run, int query, int k = 10)
    {
        var split = data.Data.Split;
        if (query < 0 || query >= split.Query.Length) throw new InvalidInputException($"query: {query} is outside 0..{split.Query.Length - 1}");
        if (k < 1) throw new InvalidInputException($"k: {k} must be at least 1");
        int bits = run.Options.Bits;
        var queries = HashCodes.From(run.Result.QueryCodes, split.Query.Length, bits);
        var database = HashCodes.From(run.Result.DatabaseCodes, split.Database.Length, bits);
        var items = HammingRanking.TopK(queries.Select([query]), database, k)[0];
        var labels = data.Data.Labels;
        int queryImage = split.Query[query];
        var images = items.Select(n => split.Database[n.Row]).ToList();
        var relevant = images.Select(image => labels.SharesLabel(queryImage, labels, image)).ToList();
        return new RetrievalDemo(query, queryImage, items, images, relevant, View(data, queryImage, items, images, relevant));
    }

    /// <summary>The query in a dark frame, then each item framed green (relevant) or red, captioned with rank and distance.</summary>
    static HtmlFragment View(LabData data, int queryImage, IReadOnlyList<Neighbour> items, IReadOnlyList<int> images, IReadOnlyList<bool> relevant)
    {
        string Label(int image) => string.Join(", ", Enumerable.Range(0, data.Data.Labels.Classes).Where(c => data.Data.Labels.Has(image, c)).Select(c => data.Data.ClassNames[c]));
        var cells = items.Select((item, k) => new GridCell(k + 1, 0, () => data.Data.LoadImage(images[k]),
                relevant[k] ? new Rgb24(30, 160, 60) : new Rgb24(200, 40, 40), $"#{item.Rank} d={item.Distance} {(relevant[k] ? "✓" : "✗")}"))
            .Prepend(new GridCell(0, 0, () => data.Data.LoadImage(queryImage), new Rgb24(40, 40, 40), $"query: {Label(queryImage)}"));
        return new HtmlFragment(ImageGrid.ToHtml(new ImageGridLayout(64, Frame: 4), cells, 1 + items.Count));
    }
}
