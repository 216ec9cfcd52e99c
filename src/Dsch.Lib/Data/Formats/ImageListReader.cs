using Dsch.Data.Images;
using Dsch.IO;

namespace Dsch.Data.Formats;

/// <summary>
/// Image-list datasets in the DeepHash-pytorch format: a folder with <c>database.txt</c>, <c>test.txt</c>
/// (queries) and <c>train.txt</c>; each line is an image path relative to the folder (no spaces), then C
/// space-separated 0/1 labels. Pooled images are the distinct paths in file order (database, test,
/// train). An optional <c>classes.txt</c> (one name a line) names the label columns.
/// </summary>
/// <remarks>
/// Rules [decision]: blank lines are ignored; every other line must have exactly C labels, each "0" or "1";
/// a path may not repeat within a file; a path listed in two files must carry the same labels; a query
/// image may not also be a database image; every image file must exist (checked while reading). Paths are resolved
/// by <see cref="ListedPath"/>: canonical (so two spellings of one file are one image, for every check above)
/// and inside the root unless the user opted in; lines are read with a length limit (a list may be a hostile file).
/// </remarks>
internal static class ImageListReader
{
    /// <summary>The list files, in pooling order.</summary>
    public static readonly string[] ListFiles = ["database.txt", "test.txt", "train.txt"];

    /// <summary>
    /// Reads the lists under <paramref name="root"/>. <paramref name="classes"/> fixes the label width (null:
    /// taken from the first line). With <paramref name="splitFromFiles"/> all three files are required and define the
    /// split (the <c>imagelist</c> dataset); otherwise the files present (at least <c>database.txt</c>) are only pooled
    /// and the caller draws the protocol split.
    /// </summary>
    public static DatasetContent Read(string root, int? classes, IReadOnlyList<string>? defaultNames, bool splitFromFiles)
    {
        var pool = new Pool(root, classes);
        var perFile = new Dictionary<string, List<int>>();
        foreach (var name in ListFiles)
        {
            string listPath = Path.Combine(root, name);
            if (PosixFile.KindOf(listPath) != PosixFile.Kind.Missing) perFile[name] = pool.AddList(name, listPath);
            else if (splitFromFiles || name == "database.txt") throw InvalidInputException.At(listPath, null, "image list is missing");
        }
        int c = pool.Width ?? throw InvalidInputException.At(Path.Combine(root, "database.txt"), null, "no labelled lines");
        var multiHot = new byte[pool.Rows.Count * c];
        for (int i = 0; i < pool.Rows.Count; i++) pool.Rows[i].CopyTo(multiHot, i * c);
        var labelMatrix = new LabelMatrix(pool.Rows.Count, c, multiHot);
        var split = splitFromFiles ? SplitFromFiles(root, perFile) : null;
        var source = new FileImageSource([.. pool.Paths], [.. pool.Positions]);
        return new DatasetContent(ReadClassNames(root, c, defaultNames), labelMatrix, source, split);
    }

    /// <summary>The distinct images of all lists read so far, with their labels and where each was first listed.</summary>
    sealed class Pool(string root, int? width)
    {
        readonly string _root = ListedPath.CanonicalRoot(root);
        readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);     // canonical path → pooled index
        public readonly List<string> Paths = [];
        public readonly List<string?> Positions = [];
        public readonly List<byte[]> Rows = [];
        public int? Width = width;

        /// <summary>Reads one list; returns the pooled index of each of its lines.</summary>
        public List<int> AddList(string name, string listPath)
        {
            var indices = new List<int>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            int lineNumber = 0;
            foreach (var line in InputFile.ReadLines(listPath, what: "image list"))
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                string where = $"line {lineNumber}";
                var (entry, labels) = ParseLine(line, listPath, where, ref Width);
                string path = ListedPath.Resolve(_root, entry, $"{PathText.Quote(listPath)}, {where}");
                string shown = PathText.Quote(entry);
                if (!seen.Add(path)) throw InvalidInputException.At(listPath, where, $"'{shown}' is listed twice in this file (as {PathText.Quote(path)})");
                if (_index.TryGetValue(path, out int existing))
                {
                    if (!Rows[existing].AsSpan().SequenceEqual(labels))
                        throw InvalidInputException.At(listPath, where, $"'{shown}' has other labels than in {Positions[existing]}");
                    indices.Add(existing);
                    continue;
                }
                InputFile.RequireRegular(path, $"image ({PathText.Quote(listPath)}, {where})");
                indices.Add(_index[path] = Paths.Count);
                Paths.Add(path);
                Positions.Add($"{name} line {lineNumber}");
                Rows.Add(labels);
            }
            if (indices.Count == 0) throw InvalidInputException.At(listPath, null, "the list holds no images (empty split)");
            return indices;
        }
    }

    static (string Path, byte[] Labels) ParseLine(string line, string listPath, string where, ref int? width)
    {
        var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        int labelCount = tokens.Length - 1;
        if (width is null)
        {
            if (labelCount < 1) throw InvalidInputException.At(listPath, where, "expected an image path followed by 0/1 labels");
            width = labelCount;
        }
        if (labelCount != width)
            throw InvalidInputException.At(listPath, where, $"{labelCount} labels, expected {width} (path then {width} space-separated 0/1 values)");
        var labels = new byte[labelCount];
        for (int k = 0; k < labelCount; k++)
            labels[k] = tokens[k + 1] switch
            {
                "0" => 0,
                "1" => 1,
                var other => throw InvalidInputException.At(listPath, where, $"label {k + 1} is '{other}', expected 0 or 1"),
            };
        return (tokens[0], labels);
    }

    static ListedSplit SplitFromFiles(string root, Dictionary<string, List<int>> perFile)
    {
        int[] Sorted(string name) => perFile.TryGetValue(name, out var list) ? [.. list.Order()] : [];
        var database = Sorted("database.txt");
        var query = Sorted("test.txt");
        var inDatabase = database.ToHashSet();
        foreach (var q in query)
            if (inDatabase.Contains(q))
                throw InvalidInputException.At(Path.Combine(root, "test.txt"), null, "a query image is also listed in database.txt; queries and database must be disjoint");
        return new ListedSplit(query, database, Sorted("train.txt"));
    }

    /// <summary>Names from <c>classes.txt</c> when present (must have <paramref name="classes"/> lines), else the defaults or class0…</summary>
    internal static IReadOnlyList<string> ReadClassNames(string root, int classes, IReadOnlyList<string>? defaults)
    {
        string path = Path.Combine(root, "classes.txt");
        if (File.Exists(path))
        {
            var names = InputFile.ReadLines(path, 4096, "class names").Where(l => l.Trim().Length > 0).Select(l => l.Trim()).ToArray();
            if (names.Length != classes) throw InvalidInputException.At(path, null, $"{names.Length} class names for {classes} label columns");
            return names;
        }
        if (defaults is not null && defaults.Count == classes) return defaults;
        return Enumerable.Range(0, classes).Select(c => $"class{c}").ToArray();
    }
}
