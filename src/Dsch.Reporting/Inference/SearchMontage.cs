using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

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
        int cell = tile + 2 * Frame + Gap, columns = 1 + result.Queries.Max(q => q.Hits.Count);
        var canvas = new Image<Rgb24>(Gap + columns * cell + Gap, Gap + result.Queries.Count * (cell + Bar), new Rgb24(255, 255, 255));
        for (int q = 0; q < result.Queries.Count; q++)
        {
            int y = Gap + q * (cell + Bar);
            using (var image = queryImage(q)) Tile(canvas, image, Gap, y, tile, new Rgb24(30, 30, 30));
            foreach (var hit in result.Queries[q].Hits)
            {
                int x = Gap + hit.Rank * cell + Gap;
                using (var image = database.Load(hit.Row)) Tile(canvas, image, x, y, tile, new Rgb24(255, 255, 255));
                int length = (int)Math.Round((tile + 2.0 * Frame) * hit.Distance / result.Bits);
                for (int dx = 0; dx < length; dx++)
                    for (int dy = 0; dy < Bar - 1; dy++) canvas[x + dx, y + tile + 2 * Frame + 1 + dy] = new Rgb24(200, 60, 40);
            }
        }
        return canvas;
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

    static void Tile(Image<Rgb24> canvas, Image<Rgb24>? image, int x, int y, int tile, Rgb24 frame)
    {
        for (int dy = 0; dy < tile + 2 * Frame; dy++)
            for (int dx = 0; dx < tile + 2 * Frame; dx++) canvas[x + dx, y + dy] = frame;
        if (image is null)
        {
            for (int dy = 0; dy < tile; dy++)
                for (int dx = 0; dx < tile; dx++) canvas[x + Frame + dx, y + Frame + dy] = new Rgb24(190, 190, 190);
            return;
        }
        image.Mutate(m => m.Resize(tile, tile, KnownResamplers.Triangle));
        canvas.Mutate(m => m.DrawImage(image, new Point(x + Frame, y + Frame), 1f));
    }
}
