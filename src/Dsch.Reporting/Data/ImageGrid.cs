using System.Net;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace Dsch.Data;

/// <summary>
/// The geometry of an <see cref="ImageGrid"/>: every cell is a <see cref="Tile"/> × <see cref="Tile"/> image inside a
/// frame <see cref="Frame"/> pixels wide, above a band <see cref="Band"/> pixels high (label stripes, distance bars),
/// with <see cref="Gap"/> pixels between cells and around the grid.
/// </summary>
/// <param name="Tile">T, the side images are resized to, in pixels.</param>
/// <param name="Gap">Pixels between cells and around the grid.</param>
/// <param name="Frame">Width of the frame around each image (0: none).</param>
/// <param name="Band">Height of the band under each framed image (0: none).</param>
/// <param name="LeadGap">Extra pixels after the first column (a search's query column stands apart from its hits).</param>
/// <param name="Smooth">Resize with a triangle filter (photographs); false: nearest neighbour (pixel art, small
/// cached views, where each source pixel should stay a visible square).</param>
public sealed record ImageGridLayout(int Tile, int Gap = 2, int Frame = 0, int Band = 0, int LeadGap = 0, bool Smooth = true)
{
    /// <summary>Width of one cell's box (framed image), in pixels.</summary>
    public int Box => Tile + 2 * Frame;

    /// <summary>Horizontal distance from one cell to the next.</summary>
    public int PitchX => Box + Gap;

    /// <summary>Vertical distance from one row to the next.</summary>
    public int PitchY => Box + Band + Gap;

    internal IResampler Resampler => Smooth ? KnownResamplers.Triangle : KnownResamplers.NearestNeighbor;
}

/// <summary>One image of an <see cref="ImageGrid"/>.</summary>
/// <param name="Column">Grid column, 0 at the left.</param>
/// <param name="Row">Grid row, 0 at the top.</param>
/// <param name="Load">Loads the image when the cell is drawn (the grid disposes it); null result: a grey placeholder tile.</param>
/// <param name="Frame">Colour of the frame (the layout's <see cref="ImageGridLayout.Frame"/> width); null: background.</param>
/// <param name="Caption">Text under the cell in the HTML form (PNG has no text rendering).</param>
/// <param name="Band">Colour of the band pixel (dx, dy), dx across the box, dy down the band; null: background.</param>
public sealed record GridCell(int Column, int Row, Func<Image<Rgb24>?> Load, Rgb24? Frame = null, string? Caption = null,
    Func<int, int, Rgb24?>? Band = null);

/// <summary>
/// The one renderer of image grids: dataset montages, search results, retrieval demos, labelled and batch montages.
/// Draws a grid as one PNG-ready image (<see cref="Draw"/>) or as HTML with a caption under each cell (<see cref="ToHtml"/>).
/// </summary>
public static class ImageGrid
{
    static readonly Rgb24 Background = new(255, 255, 255), Placeholder = new(190, 190, 190);

    /// <summary>
    /// A white canvas of <paramref name="columns"/> × <paramref name="rows"/> cells with every cell drawn in place:
    /// width Gap + columns·PitchX + LeadGap, height Gap + rows·PitchY. The caller disposes the image.
    /// </summary>
    public static Image<Rgb24> Draw(ImageGridLayout layout, IEnumerable<GridCell> cells, int columns, int rows)
    {
        var canvas = new Image<Rgb24>(layout.Gap + columns * layout.PitchX + layout.LeadGap, layout.Gap + rows * layout.PitchY, Background);
        foreach (var cell in cells)
        {
            int x = layout.Gap + cell.Column * layout.PitchX + (cell.Column > 0 ? layout.LeadGap : 0);
            DrawCell(canvas, layout, cell, x, layout.Gap + cell.Row * layout.PitchY);
        }
        return canvas;
    }

    /// <summary>
    /// The cells as HTML: each cell drawn alone (framed image and band) as an inline PNG with its caption below, in a
    /// CSS grid of <paramref name="columns"/> columns (cells in the order given; their positions are not used).
    /// </summary>
    public static string ToHtml(ImageGridLayout layout, IEnumerable<GridCell> cells, int columns)
    {
        int width = layout.Box + 8;
        var html = new StringBuilder($"<div style=\"display:grid;grid-template-columns:repeat({Math.Max(1, columns)},{width}px);gap:4px\">");
        foreach (var cell in cells)
        {
            using var picture = new Image<Rgb24>(layout.Box, layout.Box + layout.Band, Background);
            DrawCell(picture, layout, cell, 0, 0);
            var caption = cell.Caption is null ? "" : $"<figcaption>{WebUtility.HtmlEncode(cell.Caption)}</figcaption>";
            html.Append($"<figure style=\"margin:0;font-size:x-small;text-align:center\"><img alt=\"{WebUtility.HtmlEncode(cell.Caption ?? "image")}\" src=\"{DataUri(picture)}\"/>{caption}</figure>");
        }
        return html.Append("</div>").ToString();
    }

    /// <summary><paramref name="image"/> as a <c>data:image/png;base64,…</c> URI (self-contained HTML, offline).</summary>
    public static string DataUri(Image<Rgb24> image)
    {
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return "data:image/png;base64," + Convert.ToBase64String(stream.ToArray());
    }

    /// <summary>Frame, image (or placeholder) and band of one cell with its box's top left at (x, y).</summary>
    static void DrawCell(Image<Rgb24> canvas, ImageGridLayout layout, GridCell cell, int x, int y)
    {
        int tile = layout.Tile, frame = layout.Frame;
        if (frame > 0 && cell.Frame is { } frameColor)
            Fill(canvas, x, y, layout.Box, layout.Box, frameColor);
        using (var image = cell.Load())
        {
            if (image is null) Fill(canvas, x + frame, y + frame, tile, tile, Placeholder);
            else
            {
                image.Mutate(m => m.Resize(tile, tile, layout.Resampler));
                canvas.Mutate(m => m.DrawImage(image, new Point(x + frame, y + frame), 1f));
            }
        }
        if (cell.Band is { } band)
            for (int dy = 0; dy < layout.Band; dy++)
                for (int dx = 0; dx < layout.Box; dx++)
                    if (band(dx, dy) is { } color) canvas[x + dx, y + layout.Box + dy] = color;
    }

    static void Fill(Image<Rgb24> canvas, int x, int y, int width, int height, Rgb24 color)
    {
        for (int dy = 0; dy < height; dy++)
            for (int dx = 0; dx < width; dx++) canvas[x + dx, y + dy] = color;
    }
}
