using Dsch.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Dsch.Notebooks;

/// <summary>
/// Sizes of the seeded subset quick notebooks run on: large enough that the notebook preset orders DSCH, the contrastive
/// baseline and ITQ as the full reference does, small enough for a training cell rerun within 30 s
/// (<see cref="Config.Presets.Notebook"/>, which says how they were chosen).
/// </summary>
/// <param name="Queries">Queries drawn from the split's queries.</param>
/// <param name="Train">Training images drawn from the split's training set (they are also in the database).</param>
/// <param name="Database">Database size, training images included.</param>
public sealed record QuickSizes(int Queries = 100, int Train = 2000, int Database = 5000)
{
    /// <summary>Throws naming the value at fault.</summary>
    public QuickSizes Validate()
    {
        if (Queries < 1) throw new InvalidInputException($"quick sizes: {Queries} queries; need at least 1");
        if (Train < 2) throw new InvalidInputException($"quick sizes: {Train} training images; need at least 2");
        if (Database < Train) throw new InvalidInputException($"quick sizes: database {Database} smaller than the training set {Train}");
        return this;
    }
}

/// <summary>
/// A small seeded subset of a dataset held in memory, so notebooks run in CI in minutes [decision]: queries from
/// the split's queries, training images from its training set, the database = those training images plus
/// others from its database. Images are decoded once; images of differing sizes are resized to the first one's
/// size (at most 64 px a side). The subset's own split is checked like any split.
/// </summary>
public static class QuickSubset
{
    /// <summary>Largest side kept for the in-memory images.</summary>
    public const int MaxSide = 64;

    /// <summary>The subset of <paramref name="data"/> for <paramref name="seed"/>; its images are indexed queries first, then the database.</summary>
    public static (HashingDataset Subset, int[] SourceIndices) Draw(HashingDataset data, QuickSizes sizes, int seed)
    {
        sizes.Validate();
        var random = SeededRandom.Derive(seed, 0x51C);
        var queries = Pick(data.Split.Query, sizes.Queries, random);
        var train = Pick(data.Split.Train, sizes.Train, random);
        var trainSet = train.ToHashSet();
        var others = Pick(data.Split.Database.Where(i => !trainSet.Contains(i)).ToArray(), sizes.Database - train.Length, random);
        var database = train.Concat(others).Order().ToArray();
        var source = queries.Concat(database).ToArray();                     // subset index → dataset index
        var position = new Dictionary<int, int>();
        for (int k = 0; k < source.Length; k++) position[source[k]] = k;

        var labels = data.Labels.Select(source);
        var split = new DatasetSplit(data.Name, data.Split.Protocol + "-quick", seed,
            [.. Enumerable.Range(0, queries.Length)], [.. Enumerable.Range(queries.Length, database.Length)],
            [.. train.Select(i => position[i]).Order()], labels.ContentHash(),
            data.Split.Generator);   // a generated dataset's subset keeps its stamp, so its feature cache follows the generator version
        var (pixels, width, height) = Decode(data, source);
        return (HashingDataset.InMemory(data.Name, data.ClassNames, labels, pixels, width, height, 3, split), source);
    }

    static int[] Pick(IReadOnlyList<int> pool, int count, SeededRandom random)
    {
        if (pool.Count < count) throw new InvalidInputException($"quick subset: asked for {count} images from a part of {pool.Count}");
        var copy = pool.ToList();
        random.Shuffle(copy);
        return [.. copy.Take(count).Order()];
    }

    /// <summary>Planar R, G, B bytes of every image (N, 3, H, W).</summary>
    static (byte[] Pixels, int Width, int Height) Decode(HashingDataset data, int[] source)
    {
        int width, height;
        using (var first = data.LoadImage(source[0]))
            (width, height) = (Math.Min(first.Width, MaxSide), Math.Min(first.Height, MaxSide));
        int plane = width * height;
        var pixels = new byte[(long)source.Length * 3 * plane];
        for (int k = 0; k < source.Length; k++)
        {
            using var image = data.LoadImage(source[k]);
            if (image.Width != width || image.Height != height) image.Mutate(m => m.Resize(width, height, KnownResamplers.Triangle));
            long offset = (long)k * 3 * plane;
            image.ProcessPixelRows(rows =>
            {
                for (int y = 0; y < height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (int x = 0; x < width; x++)
                    {
                        Rgb24 p = row[x];
                        int at = y * width + x;
                        pixels[offset + at] = p.R;
                        pixels[offset + plane + at] = p.G;
                        pixels[offset + 2 * plane + at] = p.B;
                    }
                }
            });
        }
        return (pixels, width, height);
    }
}
