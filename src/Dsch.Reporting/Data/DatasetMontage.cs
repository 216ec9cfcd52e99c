using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Data;

/// <summary>One tile of a montage: grid position, dataset index, source and labels.</summary>
/// <param name="Tile">Tile number, row-major from the top left.</param>
/// <param name="Index">Dataset index of the image.</param>
/// <param name="Source">Where the image comes from (<see cref="HashingDataset.Describe"/>).</param>
/// <param name="Labels">Names of the image's labels.</param>
public sealed record MontageTile(int Tile, int Index, string Source, string[] Labels);

/// <summary>
/// A labelled grid of dataset images (ImageSharp only, no text rendering): each tile is the image resized to
/// T × T above a stripe coloured by its label(s) — split into equal segments for multi-label images — and a
/// legend (class → colour, tile → index and labels) goes beside the PNG as JSON.
/// </summary>
public static class DatasetMontage
{
    /// <summary>Height of the label stripe under each tile, in pixels.</summary>
    public const int StripeHeight = 6;

    /// <summary>Gap between tiles, in pixels.</summary>
    public const int Gap = 2;

    /// <summary>Colour of class <paramref name="cls"/>: a fixed 20-colour palette (Tableau 20), then golden-angle hues.</summary>
    public static Rgb24 ClassColor(int cls)
    {
        uint[] palette = [0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF,
            0xAEC7E8, 0xFFBB78, 0x98DF8A, 0xFF9896, 0xC5B0D5, 0xC49C94, 0xF7B6D2, 0xC7C7C7, 0xDBDB8D, 0x9EDAE5];
        if (cls < palette.Length) return new Rgb24((byte)(palette[cls] >> 16), (byte)(palette[cls] >> 8), (byte)palette[cls]);
        var hsv = new SixLabors.ImageSharp.ColorSpaces.Hsv((cls * 137.508f) % 360f, 0.65f, 0.9f);
        var rgb = new SixLabors.ImageSharp.ColorSpaces.Conversion.ColorSpaceConverter().ToRgb(hsv);
        return new Rgb24((byte)(rgb.R * 255), (byte)(rgb.G * 255), (byte)(rgb.B * 255));
    }

    /// <summary>Draws <paramref name="indices"/> in a grid of <paramref name="columns"/> columns with tiles of <paramref name="tile"/> pixels (<see cref="ImageGrid"/>).</summary>
    public static (Image<Rgb24> Image, MontageTile[] Tiles) Draw(HashingDataset data, IReadOnlyList<int> indices, int tile, int columns)
    {
        if (indices.Count == 0) throw new InvalidInputException("--n: nothing to draw (empty selection)");
        if (tile is < 8 or > 512) throw new InvalidInputException($"--tile: {tile} is outside 8..512");
        int rows = (indices.Count + columns - 1) / columns;
        var labels = indices.Select(index => Enumerable.Range(0, data.Labels.Classes).Where(c => data.Labels.Has(index, c)).ToArray()).ToArray();
        var cells = indices.Select((index, k) => new GridCell(k % columns, k / columns, () => data.LoadImage(index), Band: Stripe(labels[k], tile)));
        var canvas = ImageGrid.Draw(new ImageGridLayout(tile, Gap, Band: StripeHeight), cells, columns, rows);
        var tiles = indices.Select((index, k) => new MontageTile(k, index, data.Describe(index), [.. labels[k].Select(c => data.ClassNames[c])])).ToArray();
        return (canvas, tiles);
    }

    /// <summary>The label stripe under a tile: equal segments, one per label, in class order; black without a label.</summary>
    static Func<int, int, Rgb24?> Stripe(int[] labels, int width) =>
        (dx, _) => labels.Length == 0 ? new Rgb24(0, 0, 0) : ClassColor(labels[dx * labels.Length / width]);
}
