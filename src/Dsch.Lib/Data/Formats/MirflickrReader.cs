using System.Globalization;
using Dsch.Data.Images;

namespace Dsch.Data.Formats;

/// <summary>
/// MIRFLICKR-25K (Huiskes &amp; Lew 2008) in its native layout: <c>mirflickr/im1.jpg</c> … <c>im25000.jpg</c>
/// and the annotation files (folder <c>annotations/</c> or <c>mirflickr25k_annotations_v080/</c>), one
/// file per label listing the 1-based numbers of the images carrying it. The 24 "potential labels" are the
/// files without the <c>_r1</c> suffix (the <c>_r1</c> files are the stricter "relevant" subsets); they give
/// the 24-column multi-hot labels in alphabetical order.
/// </summary>
internal static class MirflickrReader
{
    /// <summary>The 24 potential labels, alphabetical (the annotation file names without <c>.txt</c>).</summary>
    public static readonly IReadOnlyList<string> ClassNames =
    [
        "animals", "baby", "bird", "car", "clouds", "dog", "female", "flower", "food", "indoor", "lake", "male",
        "night", "people", "plant_life", "portrait", "river", "sea", "sky", "structures", "sunset", "transport", "tree", "water",
    ];

    /// <summary>True when <paramref name="root"/> has the native layout (<c>mirflickr/im1.jpg</c>).</summary>
    public static bool IsNative(string root) => File.Exists(Path.Combine(root, "mirflickr", "im1.jpg"));

    public static DatasetContent Read(string root)
    {
        string imageFolder = Path.Combine(root, "mirflickr");
        int n = CountImages(imageFolder);
        string annotations = new[] { "annotations", "mirflickr25k_annotations_v080" }.Select(a => Path.Combine(root, a)).FirstOrDefault(Directory.Exists)
            ?? throw InvalidInputException.At(Path.Combine(root, "annotations"), null, "annotation folder is missing (also looked for mirflickr25k_annotations_v080)");
        var multiHot = new byte[(long)n * ClassNames.Count];
        for (int c = 0; c < ClassNames.Count; c++)
        {
            string file = Path.Combine(annotations, ClassNames[c] + ".txt");
            if (!File.Exists(file)) throw InvalidInputException.At(file, null, "annotation file of a potential label is missing");
            int lineNumber = 0;
            foreach (var line in Dsch.IO.InputFile.ReadLines(file, what: "annotation file"))
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                if (!int.TryParse(line.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number < 1 || number > n)
                    throw InvalidInputException.At(file, $"line {lineNumber}", $"'{line.Trim()}' is not an image number in 1..{n}");
                multiHot[(long)(number - 1) * ClassNames.Count + c] = 1;
            }
        }
        var paths = Enumerable.Range(1, n).Select(k => Path.Combine(imageFolder, $"im{k}.jpg")).ToArray();
        var source = new FileImageSource(paths, new string?[n]);
        return new DatasetContent(ClassNames, new LabelMatrix(n, ClassNames.Count, multiHot), source);
    }

    /// <summary>N = the largest k with <c>im{k}.jpg</c>; every im1…imN must exist.</summary>
    static int CountImages(string folder)
    {
        if (!Directory.Exists(folder)) throw InvalidInputException.At(folder, null, "image folder is missing");
        var numbers = new HashSet<int>();
        foreach (var file in Directory.EnumerateFiles(folder, "im*.jpg"))
            if (int.TryParse(Path.GetFileNameWithoutExtension(file).AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k >= 1)
                numbers.Add(k);
        if (numbers.Count == 0) throw InvalidInputException.At(folder, null, "no im<k>.jpg images");
        int n = numbers.Max();
        for (int k = 1; k <= n; k++)
            if (!numbers.Contains(k)) throw InvalidInputException.At(Path.Combine(folder, $"im{k}.jpg"), null, $"image file is missing (images go up to im{n}.jpg)");
        return n;
    }
}
