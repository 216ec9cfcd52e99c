using Dsch.Data;
using Dsch.Retrieval;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Notebooks;

/// <summary>One retrieved database image.</summary>
/// <param name="Rank">1-based rank (Hamming distance ascending, ties by database position).</param>
/// <param name="DatabaseIndex">Position in the database part of the split.</param>
/// <param name="ImageIndex">Dataset image index.</param>
/// <param name="Distance">Hamming distance to the query code.</param>
/// <param name="Relevant">True when it shares a label with the query.</param>
public sealed record RetrievedItem(int Rank, int DatabaseIndex, int ImageIndex, int Distance, bool Relevant);

/// <summary>A query and its top-k retrieved images.</summary>
/// <param name="Query">Position of the query in the query part of the split.</param>
/// <param name="QueryImage">Dataset image index of the query.</param>
/// <param name="Items">The top-k, best first.</param>
/// <param name="View">The query and the retrieved images, green frame = relevant, red = not, Hamming distance below.</param>
public sealed record RetrievalDemo(int Query, int QueryImage, IReadOnlyList<RetrievedItem> Items, HtmlFragment View)
{
    /// <summary>Share of relevant items in the top-k.</summary>
    public double Precision => Items.Count == 0 ? 0 : Items.Count(i => i.Relevant) / (double)Items.Count;
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
        var ranking = HammingRetrieval.Rank(queries, query, database);
        var labels = data.Data.Labels;
        int queryImage = split.Query[query];
        var items = ranking.Take(k).Select((j, r) => new RetrievedItem(r + 1, j, split.Database[j], queries.Distance(query, database, j),
            labels.SharesLabel(queryImage, labels, split.Database[j]))).ToList();
        return new RetrievalDemo(query, queryImage, items, View(data, queryImage, items));
    }

    /// <summary>The query in a dark frame, then each item framed green (relevant) or red, captioned with rank and distance.</summary>
    static HtmlFragment View(LabData data, int queryImage, IReadOnlyList<RetrievedItem> items)
    {
        string Label(int image) => string.Join(", ", Enumerable.Range(0, data.Data.Labels.Classes).Where(c => data.Data.Labels.Has(image, c)).Select(c => data.Data.ClassNames[c]));
        var cells = items.Select((item, k) => new GridCell(k + 1, 0, () => data.Data.LoadImage(item.ImageIndex),
                item.Relevant ? new Rgb24(30, 160, 60) : new Rgb24(200, 40, 40), $"#{item.Rank} d={item.Distance} {(item.Relevant ? "✓" : "✗")}"))
            .Prepend(new GridCell(0, 0, () => data.Data.LoadImage(queryImage), new Rgb24(40, 40, 40), $"query: {Label(queryImage)}"));
        return new HtmlFragment(ImageGrid.ToHtml(new ImageGridLayout(64, Frame: 4), cells, 1 + items.Count));
    }
}
