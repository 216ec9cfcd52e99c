using Dsch.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Inference;

/// <summary>
/// A picture of a search: one row per query — the query image in a dark frame, then its neighbours best first, each
/// over a bar whose length is its Hamming distance over the code length (empty bar: identical code).
/// </summary>
public static class SearchMontage
{
    const int Gap = 4, Bar = 5, Frame = 3;

    /// <summary>The most queries (rows) a montage draws.</summary>
    public const int MaxQueries = 100;

    /// <summary>
    /// Draws <paramref name="result"/>; <paramref name="queryImage"/> gives query <c>q</c>'s image (null: grey tile) and
    /// <paramref name="database"/> the database rows' images. The caller disposes the image.
    /// </summary>
    public static Image<Rgb24> Draw(SearchResult result, Func<int, Image<Rgb24>?> queryImage, ImageSelection database, int tile = 64)
    {
        if (result.Queries.Count == 0) throw new InvalidInputException("--montage: no query to draw");
        if (result.Queries.Count > MaxQueries) throw new InvalidInputException($"--montage: {result.Queries.Count} queries; draw at most {MaxQueries} rows");
        // One column per hit drawn, not per hit asked for: --top beyond the database's rows adds no empty columns.
        int columns = 1 + result.Queries.Max(q => q.Hits.Count);
        var layout = new ImageGridLayout(tile, Gap, Frame, Bar, LeadGap: Gap);
        var cells = result.Queries.SelectMany((query, q) => query.Hits
            .Select(hit => new GridCell(hit.Rank, q, () => database.Load(hit.Row), White, Band: DistanceBar(layout, hit.Distance, result.Bits)))
            .Prepend(new GridCell(0, q, () => queryImage(q), new Rgb24(30, 30, 30))));
        return ImageGrid.Draw(layout, cells, columns, result.Queries.Count);
    }

    static readonly Rgb24 White = new(255, 255, 255), BarColor = new(200, 60, 40);

    /// <summary>The bar under a hit: as long as the box times distance / L, one pixel below the box, <c>Bar − 1</c> high.</summary>
    static Func<int, int, Rgb24?> DistanceBar(ImageGridLayout layout, int distance, int bits)
    {
        int length = (int)Math.Round((double)layout.Box * distance / bits);
        return (dx, dy) => dy >= 1 && dx < length ? BarColor : null;
    }

    /// <summary>
    /// The montage of <paramref name="result"/>: database images found through the manifest and ids beside
    /// the codes (written by <c>dsch encode</c>), the query from <paramref name="queryImage"/> or from the query code set's own
    /// manifest (else a grey tile). The caller disposes the image.
    /// </summary>
    public static Image<Rgb24> Of(SearchResult result, CodeSet database, string? queryImage, CodeSet? queries)
    {
        if (database.Manifest is null || database.Ids is null)
            throw new InvalidInputException("--montage: the database codes have no manifest and ids beside them (written by dsch encode), so their images are unknown");
        var images = ImageSelection.Reopen(database.Manifest, database.Ids);
        var queryImages = queryImage is not null
            ? ImageSelection.FromPaths(new ImageSource("files", null, null, null, null, null), [queryImage])
            : queries is { Manifest: { } manifest, Ids: { } ids } ? ImageSelection.Reopen(manifest, ids) : null;
        return SearchMontage.Draw(result, q => queryImages?.Load(q), images);
    }
}
