using Dsch.Data;

namespace Dsch.Notebooks;

/// <summary>Whether a dataset is where the readers look, and if not, exactly what to download and where to put it.</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Found">True when a folder was found.</param>
/// <param name="Folder">The folder found, or null.</param>
/// <param name="Message">One paragraph for the notebook: the folder in use, or the files to get and the folders searched.</param>
public sealed record DataStatus(string Dataset, bool Found, string? Folder, string Message)
{
    /// <summary>Looks for <paramref name="dataset"/> in the usual places (<see cref="DatasetLocator"/>).</summary>
    /// <exception cref="InvalidInputException">Unknown dataset name.</exception>
    public static DataStatus Of(string dataset)
    {
        var descriptor = DatasetRegistry.Get(dataset);
        var folder = DatasetLocator.Find(dataset);
        if (folder is not null) return new DataStatus(dataset, true, folder, $"{dataset}: using {folder}");
        var places = string.Join(", ", DatasetLocator.Candidates(descriptor));
        return new DataStatus(dataset, false, null,
            $"{dataset} is not installed. Download {descriptor.Download} and put the files into one of: {places} " +
            $"(or set {DatasetLocator.DataVariable} to a folder holding {descriptor.Folder}/). See data/README.md. The cells below fail until it is there.");
    }
}
