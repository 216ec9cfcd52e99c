using Dsch.IO;

namespace Dsch.Data;

/// <summary>
/// Finds a dataset's folder: an explicit <c>--root</c>, else <c>$DSCH_DATA/&lt;name&gt;</c>, else
/// <c>data/raw/&lt;name&gt;</c> in the repository, else a system location (the Debian package
/// <c>dataset-fashion-mnist</c> installs to <c>/usr/share/datasets/fashion-mnist</c>).
/// </summary>
public static class DatasetLocator
{
    /// <summary>Dataset names the project knows, as used by <c>--dataset</c>.</summary>
    public static readonly IReadOnlyList<string> KnownDatasets = ["fashion-mnist", "fashion-outfits", "cifar10", "flickr25k", "nuswide", "imagelist"];

    /// <summary>Files whose presence marks a usable folder, per dataset (any one suffices for multi-format datasets).</summary>
    static readonly Dictionary<string, string[]> MarkerFiles = new()
    {
        ["fashion-mnist"] = ["train-images-idx3-ubyte.gz"],
        ["fashion-outfits"] = ["train-images-idx3-ubyte.gz"],
        ["cifar10"] = ["data_batch_1.bin", "data_batch_1", "cifar-10-batches-bin/data_batch_1.bin", "cifar-10-batches-py/data_batch_1"],
        ["flickr25k"] = ["mirflickr/im1.jpg", "database.txt"],
        ["nuswide"] = ["database.txt"],
        ["imagelist"] = ["database.txt"],
    };

    /// <summary>
    /// The dataset whose files <paramref name="dataset"/> is read from: <c>fashion-outfits</c> is generated from
    /// Fashion-MNIST's files, so it is looked for where Fashion-MNIST is.
    /// </summary>
    public static string SourceOf(string dataset) => dataset == "fashion-outfits" ? "fashion-mnist" : dataset;

    /// <summary>How to install a dataset a Debian package provides (ends with "; "), else "".</summary>
    public static string InstallHint(string dataset) =>
        SourceOf(dataset) == "fashion-mnist" ? "install Fashion-MNIST with 'sudo apt-get install dataset-fashion-mnist' (Debian/Ubuntu), or " : "";

    /// <summary>The folders searched for <paramref name="dataset"/>, in order.</summary>
    public static IEnumerable<string> Candidates(string dataset)
    {
        dataset = SourceOf(dataset);
        if (Environment.GetEnvironmentVariable("DSCH_DATA") is { Length: > 0 } dataRoot)
            yield return Path.Combine(dataRoot, dataset);
        if (RepositoryLayout.FindRoot() is { } repository)
            yield return Path.Combine(repository, "data", "raw", dataset);
        if (dataset == "fashion-mnist")
            yield return "/usr/share/datasets/fashion-mnist";
    }

    /// <summary>The first candidate folder holding the dataset's marker files, or null.</summary>
    public static string? Find(string dataset, string? root = null)
    {
        Require(dataset);
        var candidates = root is null ? Candidates(dataset) : [root];
        return candidates.FirstOrDefault(folder => MarkerFiles[dataset].Any(m => File.Exists(Path.Combine(folder, m))));
    }

    /// <summary>Throws when <paramref name="dataset"/> is not a known dataset name.</summary>
    public static void Require(string dataset)
    {
        if (!MarkerFiles.ContainsKey(dataset))
            throw new InvalidInputException($"--dataset: unknown dataset '{dataset}' (known: {string.Join(", ", KnownDatasets)})");
    }
}
