using Dsch.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Tests.Data;

/// <summary>The one image-grid renderer behind the dataset and search montages, the batch views and the notebooks' captioned grids.</summary>
public class ImageGridTests
{
    static readonly Rgb24 White = new(255, 255, 255), Red = new(255, 0, 0), Blue = new(0, 0, 255), Grey = new(190, 190, 190);

    static Func<Image<Rgb24>?> Solid(Rgb24 color, int size = 5) => () => new Image<Rgb24>(size, size, color);

    [Fact]
    public void Draw_PlacesCellsOnThePitch_WithFrameBandAndLeadGap()
    {
        var layout = new ImageGridLayout(Tile: 4, Gap: 2, Frame: 1, Band: 3, LeadGap: 5);   // box 6, pitch 8 × 11
        using var canvas = ImageGrid.Draw(layout, [
            new GridCell(0, 0, Solid(Red), Blue),
            new GridCell(2, 1, Solid(Red), Band: (dx, dy) => dy == 2 && dx < 3 ? Blue : null),
        ], columns: 3, rows: 2);
        Assert.Equal((2 + 3 * 8 + 5, 2 + 2 * 11), (canvas.Width, canvas.Height));
        Assert.Equal(Blue, canvas[2, 2]);                              // frame of cell (0, 0) at its box's corner
        Assert.Equal(Red, canvas[3, 3]);                               // its image inside the frame
        Assert.Equal(White, canvas[2, 8]);                             // no band drawn under it
        int x = 2 + 2 * 8 + 5, y = 2 + 11;                             // cell (2, 1): column ≥ 1 is shifted by the lead gap
        Assert.Equal(White, canvas[x, y]);                             // no frame colour: background
        Assert.Equal(Red, canvas[x + 1, y + 1]);
        Assert.Equal(Blue, canvas[x + 2, y + 6 + 2]);                  // band row 2, dx 2
        Assert.Equal(White, canvas[x + 3, y + 6 + 2]);                 // dx 3: the band function says background
        Assert.Equal(White, canvas[x + 2, y + 6 + 1]);
    }

    [Fact]
    public void Draw_ShowsAGreyPlaceholder_WhereNoImageLoads_AndResizesImagesToTheTile()
    {
        using var canvas = ImageGrid.Draw(new ImageGridLayout(Tile: 6, Smooth: false), [new GridCell(0, 0, () => null), new GridCell(1, 0, Solid(Red, 3))], 2, 1);
        Assert.Equal(Grey, canvas[2, 2]);
        Assert.Equal(Grey, canvas[7, 7]);
        Assert.Equal(Red, canvas[2 + 8 + 5, 2 + 5]);                   // a 3 px image fills the 6 px tile
        Assert.Equal(White, canvas[2 + 8 + 6, 2 + 5]);
    }

    [Fact]
    public void ToHtml_GivesEachCellItsPictureAndEncodedCaption_InAGridOfTheColumns()
    {
        var html = ImageGrid.ToHtml(new ImageGridLayout(Tile: 8, Frame: 2), [
            new GridCell(0, 0, Solid(Red), Blue, "query: <shirt>"),
            new GridCell(1, 0, () => null, Caption: "#1 d=3"),
            new GridCell(2, 0, Solid(Red)),
        ], columns: 3);
        Assert.Equal(3, html.Split("<img").Length - 1);
        Assert.Contains("data:image/png;base64,iVBOR", html);
        Assert.Contains("query: &lt;shirt&gt;", html);
        Assert.Contains("#1 d=3", html);
        Assert.Equal(2, html.Split("<figcaption>").Length - 1);         // no caption, no figcaption
        Assert.Contains("grid-template-columns:repeat(3,20px)", html);  // box 12 + 8
    }
}
