using Dsch.Data.Formats;
using Dsch.Data.Outfits;

namespace Dsch.Data;

/// <summary>
/// Everything the project knows about one dataset name (<c>--dataset</c>): where its files are looked for, which files
/// mark its folder, how it is read and split, how it is evaluated, what the quick preset feeds the backbone, how to get
/// it and which coarse groups its classes fall into. <see cref="DatasetRegistry"/> lists one per dataset; every
/// question about a dataset is a lookup there, so adding a dataset is adding one descriptor (CONTRIBUTING.md,
/// "Adding a dataset").
/// </summary>
public sealed record DatasetDescriptor
{
    /// <summary>The name used by <c>--dataset</c>, split files and run folders.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// The folder name looked for under <c>$DSCH_DATA/</c> and <c>data/raw/</c>: the dataset's own name, or that of the
    /// dataset it is generated from (<c>fashion-outfits</c> reads Fashion-MNIST's files).
    /// </summary>
    public required string Folder { get; init; }

    /// <summary>Folders a system package installs the files to, searched after the user's and the checkout's (empty: none).</summary>
    public required IReadOnlyList<string> SystemFolders { get; init; }

    /// <summary>Files (relative to the folder) whose presence marks a usable folder; any one suffices for multi-format datasets.</summary>
    public required IReadOnlyList<string> MarkerFiles { get; init; }

    /// <summary>
    /// Reads and validates the folder: (folder, split seed) → content (labels, class names, images, and a split when the
    /// files or a generator bring one). Not <c>required</c> only because its type is internal; every descriptor sets it.
    /// </summary>
    internal Func<string, int, DatasetContent> Read { get; init; } = null!;

    /// <summary>Where the split comes from.</summary>
    public required SplitOrigin SplitOrigin { get; init; }

    /// <summary>The protocol the split is drawn with when <see cref="SplitOrigin"/> is <see cref="Data.SplitOrigin.Protocol"/>; null otherwise.</summary>
    public required SplitProtocol? Protocol { get; init; }

    /// <summary>Whether an image carries one label or several; decides the primary metric (<see cref="PrimaryMetric"/>).</summary>
    public required LabelKind Labels { get; init; }

    /// <summary>Input side, pixels, at which the quick CPU preset extracts backbone features.</summary>
    public required int QuickInputSize { get; init; }

    /// <summary>What to download and where from, for a user who does not have the files (one clause, data/README.md has the details).</summary>
    public required string Download { get; init; }

    /// <summary>How to install the files with a system package ("install … with '…'"), or null when no package provides them.</summary>
    public required string? Install { get; init; }

    /// <summary>The class names when the format fixes them; null when they are read from the files.</summary>
    public required IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>The coarse concepts the classes fall into (homology), or null when no grouping is known.</summary>
    public required IReadOnlyList<ItemGroup>? ItemGroups { get; init; }

    /// <summary>
    /// The headline metric: mAP@5000 for multi-label data (FLICKR25K / NUS-WIDE protocol), mAP@1000 for single-label data
    /// (docs/protocol.md); for <see cref="LabelKind.FromFiles"/> it follows the <paramref name="labels"/> read (multi-hot →
    /// mAP@5000; not read yet → mAP@1000).
    /// </summary>
    public string PrimaryMetric(LabelMatrix? labels = null) => Labels switch
    {
        LabelKind.MultiLabel => MultiLabelMetric,
        LabelKind.FromFiles when labels is { IsSingleLabel: false } => MultiLabelMetric,
        _ => SingleLabelMetric,
    };

    /// <summary>The primary metric of single-label data.</summary>
    public const string SingleLabelMetric = "mAP@1000";

    /// <summary>The primary metric of multi-label data.</summary>
    public const string MultiLabelMetric = "mAP@5000";

    /// <summary>The install clause for a not-found message ("install … , or "), or "" when no package provides the files.</summary>
    public string InstallHint => Install is null ? "" : $"{Install}, or ";
}

/// <summary>Where a dataset's split comes from.</summary>
public enum SplitOrigin
{
    /// <summary>Drawn from the seed with the descriptor's <see cref="SplitProtocol"/>, recorded or pinned as a split file.</summary>
    Protocol,

    /// <summary>Made by the dataset's generator together with the images (<c>fashion-outfits</c>).</summary>
    Generator,

    /// <summary>Given by the list files <c>database.txt</c>, <c>test.txt</c>, <c>train.txt</c> (protocol <c>lists</c>).</summary>
    ListFiles,
}

/// <summary>How many labels an image of a dataset carries.</summary>
public enum LabelKind
{
    /// <summary>Exactly one class per image.</summary>
    SingleLabel,

    /// <summary>A multi-hot row per image.</summary>
    MultiLabel,

    /// <summary>Known only once the files are read (a user's image list).</summary>
    FromFiles,
}
