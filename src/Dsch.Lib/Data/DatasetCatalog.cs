using Dsch.Data.Formats;
using Dsch.Data.Splits;
using Dsch.IO;

namespace Dsch.Data;

/// <summary>
/// Opens a dataset by name: finds its folder (<see cref="DatasetLocator"/>), reads and validates it with the reader
/// its descriptor names (<see cref="DatasetRegistry"/>), then draws its split from the seed with the descriptor's
/// <see cref="SplitProtocol"/> and compares it with the pinned file in <c>data/splits/</c> or the record in <c>.cache/splits/</c>, writing the record when there is none.
/// </summary>
public static class DatasetCatalog
{
    /// <summary>Opens <paramref name="name"/> with its default protocol and the repository's <c>data/splits/</c>.</summary>
    /// <param name="name">A name of <see cref="DatasetRegistry.Names"/>.</param>
    /// <param name="root">The data folder; null to search the usual places.</param>
    /// <param name="splitSeed">Seed of the split (0 = the committed default).</param>
    /// <exception cref="InvalidInputException">Unknown name, missing folder, malformed data or a split that does not match the data.</exception>
    public static HashingDataset Open(string name, string? root = null, int splitSeed = 0) => Open(name, root, splitSeed, null, null);

    /// <summary>
    /// As <see cref="Open(string, string?, int)"/>, with the split folder (<paramref name="splitsDirectory"/>; null = the
    /// repository's <c>data/splits/</c>, or no saving outside a checkout) and the protocol (null = the dataset's default;
    /// a different protocol must have its own name, so it is never confused with the default) chosen explicitly.
    /// </summary>
    public static HashingDataset Open(string name, string? root, int splitSeed, string? splitsDirectory, SplitProtocol? protocol)
    {
        var dataset = DatasetRegistry.Get(name);
        if (splitSeed < 0) throw new InvalidInputException($"--split-seed: {splitSeed} is negative");
        string folder = ResolveRoot(dataset, root);
        var content = dataset.Read(folder, splitSeed);
        var (split, file) = content.ListedSplit is { } listed ? (FromLists(name, folder, listed, content.Labels), null)
            : content.GeneratedSplit is { } generated ? LoadOrCreateGenerated(generated, content.Labels, splitsDirectory)
            : LoadOrCreate(name, folder, content.Labels, splitSeed, splitsDirectory,
                protocol ?? dataset.Protocol ?? throw new InvalidOperationException($"no protocol for {name}"));
        return new HashingDataset(name, folder, content.ClassNames, content.Labels, split, content.Images) { SplitFile = file };
    }

    /// <summary>The repository's <c>data/splits</c> folder (the pinned, committed splits), or null outside a checkout.</summary>
    public static string? DefaultSplitsDirectory() => RepositoryLayout.FindRoot() is { } repository ? Path.Combine(repository, "data", "splits") : null;

    /// <summary>
    /// The untracked <c>.cache/splits</c> of the checkout, where a split drawn for data with no pinned split is recorded
    /// (never <c>data/splits/</c>: a split drawn from a user's files would otherwise be committed as if it were pinned).
    /// </summary>
    public static string? GeneratedSplitsDirectory() => RepositoryLayout.FindRoot() is { } repository ? Path.Combine(repository, ".cache", "splits") : null;

    /// <summary>
    /// The split file for <paramref name="fileName"/>: with an explicit <paramref name="splitsDirectory"/>, the file there;
    /// else the pinned file in <c>data/splits/</c> when it exists, else the generated record in <c>.cache/splits/</c>, whose
    /// name carries the labels' hash so that two datasets of one name never share a record (null outside a checkout:
    /// nothing is written).
    /// </summary>
    static string? SplitPath(string fileName, LabelMatrix labels, string? splitsDirectory)
    {
        if (splitsDirectory is not null) return Path.Combine(splitsDirectory, fileName);
        if (DefaultSplitsDirectory() is { } pinned && File.Exists(Path.Combine(pinned, fileName))) return Path.Combine(pinned, fileName);
        var labelHash = labels.ContentHash();
        var recorded = $"{Path.GetFileNameWithoutExtension(fileName)}_labels-{labelHash[..Math.Min(16, labelHash.Length)]}.json";
        return GeneratedSplitsDirectory() is { } generated ? Path.Combine(generated, recorded) : null;
    }

    static string ResolveRoot(DatasetDescriptor dataset, string? root)
    {
        if (root is not null)
            return Directory.Exists(root) ? Path.GetFullPath(root) : throw new InvalidInputException($"--root: folder '{root}' does not exist");
        return DatasetLocator.Find(dataset.Name) ?? throw new InvalidInputException(
            $"--dataset {dataset.Name}: not found (looked in: {string.Join(", ", DatasetLocator.Candidates(dataset))}); {dataset.InstallHint}pass --root DIR or see data/README.md");
    }

    static DatasetSplit FromLists(string name, string folder, ListedSplit listed, LabelMatrix labels)
    {
        var split = new DatasetSplit(name, "lists", 0, listed.Query, listed.Database, listed.Train, labels.ContentHash());
        SplitFile.Check(split, labels, Path.Combine(folder, "*.txt"), trainInDatabase: false);
        return split;
    }

    /// <summary>
    /// A generated dataset's split: the stored file must match what this build generates (generator stamp, index
    /// lists, labels) — a stale or edited file is refused, never mixed; a missing file is written.
    /// </summary>
    static (DatasetSplit, string?) LoadOrCreateGenerated(DatasetSplit generated, LabelMatrix labels, string? splitsDirectory)
    {
        string? path = SplitPath(SplitFile.FileName(generated.Dataset, generated.Protocol, generated.Seed), labels, splitsDirectory);
        SplitFile.Check(generated, labels, path ?? generated.Dataset, trainInDatabase: true);
        if (path is null) return (generated, null);
        if (File.Exists(path)) SplitFile.Load(path, labels, generated.Dataset, generated.Protocol, generated.Seed, generated);
        else Save(path, generated, labels);
        return (generated, path);
    }

    /// <summary>
    /// A protocol split: drawn from the seed every time and compared with the stored file when there is one, so an edited
    /// or stale file (pinned or recorded) is refused instead of used; a missing file is written as the record.
    /// </summary>
    static (DatasetSplit, string?) LoadOrCreate(string name, string folder, LabelMatrix labels, int seed, string? splitsDirectory, SplitProtocol protocol)
    {
        string? path = SplitPath(SplitFile.FileName(name, protocol.Name, seed), labels, splitsDirectory);
        var drawn = SplitGenerator.Generate(name, protocol, labels, seed, folder);
        if (path is not null && File.Exists(path))
        {
            var stored = SplitFile.Load(path, labels, name, protocol.Name, seed);
            SplitFile.RequireSameLists(stored, drawn, path);
            return (stored, path);
        }
        SplitFile.Check(drawn, labels, path ?? folder, trainInDatabase: true);
        if (path is not null) Save(path, drawn, labels);
        return (drawn, path);
    }

    static void Save(string path, DatasetSplit split, LabelMatrix labels)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        SplitFile.Save(path, split, labels);
    }
}
