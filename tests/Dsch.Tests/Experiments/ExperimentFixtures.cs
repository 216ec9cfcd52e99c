using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Tests.Experiments;

/// <summary>
/// A small image-list dataset whose classes look different (a coloured square on a grey ground, one colour per
/// class, jittered), so that training and retrieval have something real to find: 3 classes × 30 images,
/// 5 queries per class, the other 25 per class in the database, 15 per class of those for training.
/// </summary>
public static class ExperimentFixtures
{
    public const int Classes = 3, PerClass = 30, QueriesPerClass = 5, TrainPerClass = 15;

    public static void WriteColouredSquares(string folder, int seed = 7)
    {
        var random = new Random(seed);
        Rgb24[] colours = [new(200, 40, 40), new(40, 180, 60), new(50, 60, 210)];
        var database = new List<string>();
        var queries = new List<string>();
        var train = new List<string>();
        for (int c = 0; c < Classes; c++)
        for (int i = 0; i < PerClass; i++)
        {
            var name = $"img/c{c}_{i}.png";
            using (var image = new Image<Rgb24>(32, 32))
            {
                int x0 = random.Next(2, 12), y0 = random.Next(2, 12), side = random.Next(12, 18);
                for (int y = 0; y < 32; y++)
                for (int x = 0; x < 32; x++)
                {
                    bool inside = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
                    var colour = inside ? colours[c] : new Rgb24(120, 120, 120);
                    int noise = random.Next(-15, 16);
                    image[x, y] = new Rgb24(Clamp(colour.R + noise), Clamp(colour.G + noise), Clamp(colour.B + noise));
                }
                Directory.CreateDirectory(Path.Combine(folder, "img"));
                image.SaveAsPng(Path.Combine(folder, name));
            }
            var line = $"{name} {string.Join(' ', Enumerable.Range(0, Classes).Select(k => k == c ? 1 : 0))}";
            if (i < QueriesPerClass) queries.Add(line);
            else
            {
                database.Add(line);
                if (i < QueriesPerClass + TrainPerClass) train.Add(line);
            }
        }
        File.WriteAllLines(Path.Combine(folder, "database.txt"), database);
        File.WriteAllLines(Path.Combine(folder, "test.txt"), queries);
        File.WriteAllLines(Path.Combine(folder, "train.txt"), train);
    }

    static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
}
