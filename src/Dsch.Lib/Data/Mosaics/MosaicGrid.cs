namespace Dsch.Data.Mosaics;

/// <summary>
/// The canvas both generated datasets draw on (<c>fashion-outfits</c>, <c>mosaic-list</c>): a square grey image of
/// <paramref name="GridSide"/> × <paramref name="GridSide"/> cells, each holding one <paramref name="ItemSide"/>-pixel
/// source item or black. It places a dataset's items in seeded cells, unions their labels and composes the pixels;
/// a generator brings only which classes an image shows (its design) and how many images there are.
/// </summary>
/// <param name="GridSide">Cells per canvas side.</param>
/// <param name="ItemSide">Side of one source item, pixels.</param>
public sealed record MosaicGrid(int GridSide, int ItemSide)
{
    /// <summary>Cells per canvas; cell c sits at row c / <see cref="GridSide"/>, column c % <see cref="GridSide"/>.</summary>
    public int Cells => GridSide * GridSide;

    /// <summary>Side of the canvas, pixels.</summary>
    public int ImageSide => GridSide * ItemSide;

    /// <summary>
    /// Places the items of <paramref name="count"/> images. Image m draws from its own stream
    /// <c>SeededRandom.Derive(seed, stream, m)</c>, in this order: its classes (<paramref name="classesOf"/>, which may
    /// draw from the stream), a shuffle of all cells (the k-th class goes to the k-th shuffled cell), then for each class
    /// a uniform instance from the pool of the image's part (<paramref name="items"/>; images
    /// 0…<paramref name="databaseCount"/>−1 from training items, the rest from test items).
    /// </summary>
    /// <param name="items">The source items by class and part.</param>
    /// <param name="count">Number of images.</param>
    /// <param name="databaseCount">How many leading images are made of training items.</param>
    /// <param name="seed">Generator seed.</param>
    /// <param name="stream">The generator's stream id, so two generators never share draws.</param>
    /// <param name="classesOf">(image's stream, image index) → the distinct classes it shows, at most <see cref="Cells"/>.</param>
    /// <exception cref="InvalidInputException">A class has no item in the part an image needs.</exception>
    public MosaicLayout Place(MosaicItems items, int count, int databaseCount, int seed, int stream, Func<SeededRandom, int, IReadOnlyList<int>> classesOf)
    {
        var cells = new int[count * Cells];                                                    // (N, cells)
        var multiHot = new byte[count * items.Classes];                                        // (N, C)
        for (int m = 0; m < count; m++)
        {
            var random = SeededRandom.Derive(seed, stream, m);
            bool database = m < databaseCount;
            var classes = classesOf(random, m);
            int[] order = [.. Enumerable.Range(0, Cells)];
            random.Shuffle(order);
            var row = cells.AsSpan(m * Cells, Cells);
            row.Fill(-1);
            for (int k = 0; k < classes.Count; k++)
            {
                row[order[k]] = items.Draw(classes[k], database, random);
                multiHot[m * items.Classes + classes[k]] = 1;
            }
        }
        return new MosaicLayout(cells, new LabelMatrix(count, items.Classes, multiHot));
    }

    /// <summary>The grey pixels (<see cref="ImageSide"/>², row-major) of one image: the items of its <paramref name="cells"/> row in place, the rest black.</summary>
    /// <param name="cells">The image's <see cref="Cells"/> source indices (−1 = empty).</param>
    /// <param name="sourcePixels">The pooled source items' grey pixels, <see cref="ItemSide"/>² bytes per item.</param>
    public byte[] Compose(ReadOnlySpan<int> cells, byte[] sourcePixels)
    {
        int item = ItemSide, side = ImageSide;
        var pixels = new byte[side * side];
        for (int cell = 0; cell < Cells; cell++)
        {
            int source = cells[cell];
            if (source < 0) continue;
            int top = cell / GridSide * item, left = cell % GridSide * item;
            for (int y = 0; y < item; y++)
                sourcePixels.AsSpan(source * item * item + y * item, item).CopyTo(pixels.AsSpan((top + y) * side + left, item));
        }
        return pixels;
    }
}

/// <summary>What <see cref="MosaicGrid.Place"/> decided for every image.</summary>
/// <param name="Cells">(N × cells) pooled source item per cell, row-major, −1 for an empty cell.</param>
/// <param name="Labels">(N × C) multi-hot labels: the union of the classes shown.</param>
public sealed record MosaicLayout(int[] Cells, LabelMatrix Labels);
