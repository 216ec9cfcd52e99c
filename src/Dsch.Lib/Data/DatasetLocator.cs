using Dsch.IO;

namespace Dsch.Data;

/// <summary>
/// Finds a dataset's folder: an explicit <c>--root</c>, else <c>$DSCH_DATA/&lt;folder&gt;</c>, else
/// <c>data/raw/&lt;folder&gt;</c> in the repository, else a system location the dataset's descriptor names (the Debian
/// package <c>dataset-fashion-mnist</c> installs to <c>/usr/share/datasets/fashion-mnist</c>). The folder name, the
/// system locations and the marker files come from <see cref="DatasetRegistry"/>.
/// </summary>
public static class DatasetLocator
{
    /// <summary>The environment variable naming a folder that holds one sub-folder per dataset.</summary>
    public const string DataVariable = "DSCH_DATA";

    /// <summary>The folders searched for <paramref name="dataset"/>, in order.</summary>
    public static IEnumerable<string> Candidates(string dataset) => Candidates(DatasetRegistry.Get(dataset));

    /// <summary>The folders searched for <paramref name="dataset"/>, in order.</summary>
    public static IEnumerable<string> Candidates(DatasetDescriptor dataset) =>
        Candidates(dataset, Environment.GetEnvironmentVariable(DataVariable), RepositoryLayout.FindRoot());

    /// <summary>
    /// The folders searched for <paramref name="dataset"/> given the value of <c>$DSCH_DATA</c> (<paramref name="dataRoot"/>;
    /// null or empty: unset) and the checkout (<paramref name="repository"/>; null: outside one), in order.
    /// </summary>
    internal static IEnumerable<string> Candidates(DatasetDescriptor dataset, string? dataRoot, string? repository)
    {
        if (dataRoot is { Length: > 0 })
            yield return Path.Combine(dataRoot, dataset.Folder);
        if (repository is not null)
            yield return Path.Combine(repository, "data", "raw", dataset.Folder);
        foreach (var system in dataset.SystemFolders)
            yield return system;
    }

    /// <summary>The first candidate folder holding the dataset's marker files, or null.</summary>
    /// <exception cref="InvalidInputException">Unknown dataset name.</exception>
    public static string? Find(string dataset, string? root = null)
    {
        var descriptor = DatasetRegistry.Get(dataset);
        var candidates = root is null ? Candidates(descriptor) : [root];
        return candidates.FirstOrDefault(folder => descriptor.MarkerFiles.Any(m => File.Exists(Path.Combine(folder, m))));
    }

    /// <summary>Throws when <paramref name="dataset"/> is not a known dataset name.</summary>
    public static void Require(string dataset) => DatasetRegistry.Get(dataset);
}
