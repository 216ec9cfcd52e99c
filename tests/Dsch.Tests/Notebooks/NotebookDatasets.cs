using Dsch.Data;
using Dsch.Data.Formats;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Tests.Notebooks;

/// <summary>
/// Real Fashion-MNIST pictures written in other datasets' on-disk formats, so the notebooks' <c>dataset</c>
/// parameter is exercised on the real readers: CIFAR-10 binary batches and a FLICKR25K-style multi-label list.
/// </summary>
static class NotebookDatasets
{
    /// <summary>Fashion-MNIST training images, <paramref name="perClass"/> of each class, classes interleaved, as (image, class).</summary>
    static IEnumerable<(Image<Rgb24> Image, int Class)> FashionMnist(int perClass)
    {
        var folder = DatasetLocator.Find("fashion-mnist") ?? throw new InvalidOperationException("Fashion-MNIST is not installed (./dsch test installs it)");
        var content = FashionMnistReader.Read(folder);
        var byClass = Enumerable.Range(0, 10)
            .Select(c => Enumerable.Range(0, content.Labels.Count).Where(i => content.Labels.Has(i, c)).Take(perClass).ToArray()).ToArray();
        for (int k = 0; k < perClass; k++)
            for (int c = 0; c < 10; c++)
                yield return (content.Images.Load(byClass[c][k]), c);
    }

    /// <summary>
    /// CIFAR-10 binary version in <paramref name="folder"/>: data_batch_1…5 with 1,400 records each and test_batch with
    /// 1,000 (800 a class), each record a label byte then the 32×32 red, green and blue planes — the 28×28 picture centred.
    /// Enough for the single-label protocol (100 queries and 500 training images a class) and the notebooks' quick subset.
    /// </summary>
    public static void WriteCifar10(string folder)
    {
        Directory.CreateDirectory(folder);
        var records = FashionMnist(800).Select(item =>
        {
            using var image = item.Image;
            var record = new byte[3073];
            record[0] = (byte)item.Class;
            for (int y = 0; y < 28; y++)
                for (int x = 0; x < 28; x++)
                {
                    var pixel = image[x, y];
                    int at = 1 + (y + 2) * 32 + x + 2;
                    (record[at], record[at + 1024], record[at + 2048]) = (pixel.R, pixel.G, pixel.B);
                }
            return record;
        }).ToArray();
        for (int b = 0; b < 6; b++)
        {
            var (start, count, name) = b < 5 ? (b * 1400, 1400, $"data_batch_{b + 1}.bin") : (7000, 1000, "test_batch.bin");
            File.WriteAllBytes(Path.Combine(folder, name), records.Skip(start).Take(count).SelectMany(r => r).ToArray());
        }
    }

    /// <summary>
    /// A FLICKR25K list-form dataset in <paramref name="folder"/>: 9,000 PNGs under <c>images/</c>, and database.txt
    /// (7,000), test.txt (2,000) and train.txt (5,000 of the database) with 24 labels of 0/1 a line. Each picture
    /// carries two labels — its class and its group (tops, footwear, trousers, bags) — so relevance is multi-label.
    /// </summary>
    public static void WriteMultiLabelList(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "images"));
        int[] group = [10, 12, 10, 10, 10, 11, 10, 11, 13, 11]; // T-shirt, trouser, pullover, dress, coat, sandal, shirt, sneaker, bag, boot
        var lines = FashionMnist(900).Select((item, i) =>
        {
            using var image = item.Image;
            var path = $"images/{i:D4}.png";
            image.SaveAsPng(Path.Combine(folder, path));
            var labels = new char[24];
            Array.Fill(labels, '0');
            labels[item.Class] = labels[group[item.Class]] = '1';
            return $"{path} {string.Join(' ', labels)}";
        }).ToArray();
        File.WriteAllLines(Path.Combine(folder, "database.txt"), lines.Take(7000));
        File.WriteAllLines(Path.Combine(folder, "test.txt"), lines.Skip(7000));
        File.WriteAllLines(Path.Combine(folder, "train.txt"), lines.Take(5000));
    }
}
