using Dsch.Data.Formats;
using Dsch.Data.Outfits;

namespace Dsch.Data;

/// <summary>
/// The datasets the project knows, one <see cref="DatasetDescriptor"/> each, in the order help texts list them.
/// The locator, the catalog, the presets, the notebooks and <c>dsch info</c> look their facts up here.
/// </summary>
/// <remarks>
/// The <c>dsch</c> script cannot read this file: its Fashion-MNIST folder list (<c>fashion_mnist_present</c>) repeats
/// <see cref="FashionMnist"/>'s, and <c>DatasetScriptTests</c> holds the two equal.
/// </remarks>
public static class DatasetRegistry
{
    const string FashionMnistInstall = "install Fashion-MNIST with 'sudo apt-get install dataset-fashion-mnist' (Debian/Ubuntu)";

    const string FashionMnistDownload = "the four Fashion-MNIST IDX files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, " +
                                        "t10k-labels-idx1-ubyte.gz (https://github.com/zalandoresearch/fashion-mnist; or apt-get install dataset-fashion-mnist)";

    /// <summary>Fashion-MNIST: the four IDX files, 60,000 training then 10,000 test images, ten classes.</summary>
    public static DatasetDescriptor FashionMnist { get; } = new()
    {
        Name = "fashion-mnist",
        Folder = "fashion-mnist",
        SystemFolders = ["/usr/share/datasets/fashion-mnist"],              // the Debian package dataset-fashion-mnist
        MarkerFiles = ["train-images-idx3-ubyte.gz"],
        Read = (folder, _) => FashionMnistReader.Read(folder),
        SplitOrigin = SplitOrigin.Protocol,
        Protocol = SplitProtocol.SingleLabel,
        Labels = LabelKind.SingleLabel,
        QuickInputSize = 32,
        Download = FashionMnistDownload,
        Install = FashionMnistInstall,
        ClassNames = FashionMnistReader.ClassNames,
        ItemGroups = OutfitCatalog.Groups,
    };

    /// <summary>
    /// fashion-outfits: 2 × 2 mosaics generated from Fashion-MNIST's files and the split seed (<see cref="OutfitGenerator"/>),
    /// so it is looked for, downloaded and installed as Fashion-MNIST is.
    /// </summary>
    /// <remarks>
    /// Quick input size 64 px [decision]: a 56 px mosaic's 28 px item then reaches the backbone at 32 px, as a Fashion-MNIST
    /// item does; the measurement behind it is in <c>Presets.QuickInputSize</c>'s remarks.
    /// </remarks>
    public static DatasetDescriptor FashionOutfits { get; } = FashionMnist with
    {
        Name = OutfitGenerator.Name,
        Read = FashionOutfitsReader.Read,
        SplitOrigin = SplitOrigin.Generator,
        Protocol = null,
        Labels = LabelKind.MultiLabel,
        QuickInputSize = 64,
    };

    /// <summary>CIFAR-10: the binary or the python batches, ten classes.</summary>
    public static DatasetDescriptor Cifar10 { get; } = new()
    {
        Name = "cifar10",
        Folder = "cifar10",
        SystemFolders = [],
        MarkerFiles = ["data_batch_1.bin", "data_batch_1", "cifar-10-batches-bin/data_batch_1.bin", "cifar-10-batches-py/data_batch_1"],
        Read = (folder, _) => CifarReader.Read(folder),
        SplitOrigin = SplitOrigin.Protocol,
        Protocol = SplitProtocol.SingleLabel,
        Labels = LabelKind.SingleLabel,
        QuickInputSize = 32,
        Download = "the CIFAR-10 binary version (data_batch_1.bin … data_batch_5.bin, test_batch.bin, from https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz) " +
                   "or the python version (data_batch_1 … data_batch_5, test_batch), directly or in cifar-10-batches-bin/ / cifar-10-batches-py/",
        Install = null,
        ClassNames = CifarReader.ClassNames,
        ItemGroups = null,
    };

    /// <summary>MIRFLICKR-25000: the native folder (images and annotation files) or the list form, 24 labels.</summary>
    public static DatasetDescriptor Flickr25k { get; } = new()
    {
        Name = "flickr25k",
        Folder = "flickr25k",
        SystemFolders = [],
        MarkerFiles = ["mirflickr/im1.jpg", "database.txt"],
        Read = (folder, _) => MirflickrReader.IsNative(folder)
            ? MirflickrReader.Read(folder)
            : ImageListReader.Read(folder, MirflickrReader.ClassNames.Count, MirflickrReader.ClassNames, splitFromFiles: false),
        SplitOrigin = SplitOrigin.Protocol,
        Protocol = SplitProtocol.Flickr25k,
        Labels = LabelKind.MultiLabel,
        QuickInputSize = 32,
        Download = "MIRFLICKR-25000 (mirflickr/im1.jpg … and annotations/ with the 24 label files, https://press.liacs.nl/mirflickr/) " +
                   "or the list form database.txt/test.txt/train.txt (path + 24 labels a line)",
        Install = null,
        ClassNames = MirflickrReader.ClassNames,
        ItemGroups = null,
    };

    /// <summary>NUS-WIDE-21 in list form, 21 concepts (names from <c>classes.txt</c>, else concept0…20).</summary>
    public static DatasetDescriptor NusWide { get; } = new()
    {
        Name = "nuswide",
        Folder = "nuswide",
        SystemFolders = [],
        MarkerFiles = ["database.txt"],
        Read = (folder, _) => ImageListReader.Read(folder, 21, null, splitFromFiles: false),
        SplitOrigin = SplitOrigin.Protocol,
        Protocol = SplitProtocol.NusWide21,
        Labels = LabelKind.MultiLabel,
        QuickInputSize = 32,
        Download = "NUS-WIDE in list form: database.txt, test.txt, train.txt (image path + 21 labels of 0/1 a line) beside the images",
        Install = null,
        ClassNames = null,
        ItemGroups = null,
    };

    /// <summary>A user's image list: the list files are the split; single- or multi-label as the files say.</summary>
    public static DatasetDescriptor ImageList { get; } = new()
    {
        Name = "imagelist",
        Folder = "imagelist",
        SystemFolders = [],
        MarkerFiles = ["database.txt"],
        Read = (folder, _) => ImageListReader.Read(folder, null, null, splitFromFiles: true),
        SplitOrigin = SplitOrigin.ListFiles,
        Protocol = null,
        Labels = LabelKind.FromFiles,
        QuickInputSize = 32,
        Download = "the list files database.txt, test.txt, train.txt (image path + 0/1 labels a line)",
        Install = null,
        ClassNames = null,
        ItemGroups = null,
    };

    /// <summary>Every known dataset, in the order help texts and <c>dsch info</c> list them.</summary>
    public static IReadOnlyList<DatasetDescriptor> All { get; } = [FashionMnist, FashionOutfits, Cifar10, Flickr25k, NusWide, ImageList];

    /// <summary>The names of <see cref="All"/>, as used by <c>--dataset</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(d => d.Name)];

    /// <summary>The descriptor of <paramref name="name"/>, or null when the name is not known.</summary>
    public static DatasetDescriptor? Find(string name) => All.FirstOrDefault(d => d.Name == name);

    /// <summary>The descriptor of <paramref name="name"/>.</summary>
    /// <exception cref="InvalidInputException">The name is not known; the message lists the known ones.</exception>
    public static DatasetDescriptor Get(string name) =>
        Find(name) ?? throw new InvalidInputException($"--dataset: unknown dataset '{name}' (known: {string.Join(", ", Names)})");

    /// <summary>
    /// The coarse groups of a dataset with <paramref name="classNames"/>: those of the known dataset whose fixed class names
    /// they are (so a generated image list of Fashion-MNIST items is grouped as Fashion-MNIST is), else null.
    /// </summary>
    public static IReadOnlyList<ItemGroup>? ItemGroupsOf(IReadOnlyList<string> classNames) =>
        All.FirstOrDefault(d => d.ItemGroups is not null && d.ClassNames is { } names && names.SequenceEqual(classNames))?.ItemGroups;
}
