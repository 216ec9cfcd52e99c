using Dsch.Config;
using Dsch.Data;
using Dsch.Data.Formats;
using Dsch.Data.Outfits;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Data;

/// <summary>
/// The one descriptor per dataset: complete, uniquely named, and answering every question the scattered switches
/// answered before (the expected values below are those switches' cases: DatasetLocator's marker files and folders,
/// SplitProtocol.For, Presets.PrimaryMetricFor and QuickInputSize, DataStatus's download texts, Lab.ItemGroupsOf).
/// </summary>
public class DatasetRegistryTests
{
    public static TheoryData<string> Names => [.. DatasetRegistry.Names];

    [Fact]
    public void Names_AreUnique_AndListedInHelpOrder()
    {
        Assert.Equal(["fashion-mnist", "fashion-outfits", "cifar10", "flickr25k", "nuswide", "imagelist"], DatasetRegistry.Names);
        Assert.Equal(DatasetRegistry.Names.Count, DatasetRegistry.Names.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryDescriptor_HasEveryField(string name)
    {
        var d = DatasetRegistry.Get(name);
        Assert.Equal(name, d.Name);
        Assert.False(string.IsNullOrWhiteSpace(d.Folder));
        Assert.NotNull(d.SystemFolders);
        Assert.All(d.SystemFolders, folder => Assert.True(Path.IsPathRooted(folder), folder));
        Assert.NotEmpty(d.MarkerFiles);
        Assert.NotNull(d.Read);
        Assert.Equal(d.SplitOrigin == SplitOrigin.Protocol, d.Protocol is not null);
        Assert.True(Enum.IsDefined(d.Labels));
        Assert.InRange(d.QuickInputSize, 16, 512);
        Assert.False(string.IsNullOrWhiteSpace(d.Download));
        if (d.Install is not null) Assert.Contains("apt-get install", d.Install);
        if (d.ItemGroups is not null)
        {
            Assert.NotNull(d.ClassNames);                                            // groups name class ids of fixed names
            Assert.Equal(Enumerable.Range(0, d.ClassNames!.Count), d.ItemGroups.SelectMany(g => g.Classes).Order());
        }
    }

    [Theory]
    [InlineData("fashion-mnist", "train-images-idx3-ubyte.gz")]
    [InlineData("fashion-outfits", "train-images-idx3-ubyte.gz")]
    [InlineData("cifar10", "data_batch_1.bin|data_batch_1|cifar-10-batches-bin/data_batch_1.bin|cifar-10-batches-py/data_batch_1")]
    [InlineData("flickr25k", "mirflickr/im1.jpg|database.txt")]
    [InlineData("nuswide", "database.txt")]
    [InlineData("imagelist", "database.txt")]
    public void MarkerFiles_AreTheLocatorsOnes(string name, string markers) =>
        Assert.Equal(markers.Split('|'), DatasetRegistry.Get(name).MarkerFiles);

    [Theory]
    [InlineData("fashion-mnist", "fashion-mnist", "/usr/share/datasets/fashion-mnist")]
    [InlineData("fashion-outfits", "fashion-mnist", "/usr/share/datasets/fashion-mnist")]
    [InlineData("cifar10", "cifar10", null)]
    [InlineData("flickr25k", "flickr25k", null)]
    [InlineData("nuswide", "nuswide", null)]
    [InlineData("imagelist", "imagelist", null)]
    public void Candidates_AreTheDataVariable_ThenTheCheckout_ThenTheSystemFolder(string name, string folder, string? system)
    {
        var d = DatasetRegistry.Get(name);
        string[] expected = system is null ? ["/d/" + folder, "/repo/data/raw/" + folder] : ["/d/" + folder, "/repo/data/raw/" + folder, system];
        Assert.Equal(expected, DatasetLocator.Candidates(d, "/d", "/repo"));
        Assert.Equal(expected.Skip(1), DatasetLocator.Candidates(d, "", "/repo"));            // DSCH_DATA set but empty: ignored
        Assert.Equal(expected.Skip(2), DatasetLocator.Candidates(d, null, null));
    }

    [Fact]
    public void Find_WithARoot_NeedsOneOfTheMarkerFiles()
    {
        using var folder = new TempDirectory();
        Assert.Null(DatasetLocator.Find("cifar10", folder.Path));
        Directory.CreateDirectory(folder.File("cifar-10-batches-py"));
        File.WriteAllBytes(folder.File("cifar-10-batches-py/data_batch_1"), [0]);
        Assert.Equal(folder.Path, DatasetLocator.Find("cifar10", folder.Path));
        Assert.Null(DatasetLocator.Find("nuswide", folder.Path));
    }

    [Theory]
    [InlineData("fashion-mnist", "single-label")]
    [InlineData("cifar10", "single-label")]
    [InlineData("flickr25k", "flickr25k")]
    [InlineData("nuswide", "nuswide21")]
    [InlineData("fashion-outfits", null)]
    [InlineData("imagelist", null)]
    public void Protocol_IsTheDatasetsDefault(string name, string? protocol) =>
        Assert.Equal(protocol, DatasetRegistry.Get(name).Protocol?.Name);

    [Theory]
    [InlineData("fashion-mnist", "mAP@1000")]
    [InlineData("cifar10", "mAP@1000")]
    [InlineData("flickr25k", "mAP@5000")]
    [InlineData("nuswide", "mAP@5000")]
    [InlineData("fashion-outfits", "mAP@5000")]
    [InlineData("imagelist", "mAP@1000")]
    [InlineData("not-a-dataset", "mAP@1000")]
    public void PrimaryMetric_WithoutLabels_IsTheProtocols(string name, string metric) =>
        Assert.Equal(metric, Presets.PrimaryMetricFor(name));

    [Theory]
    [InlineData("imagelist", "mAP@5000", "mAP@1000")]
    [InlineData("fashion-mnist", "mAP@1000", "mAP@1000")]
    [InlineData("nuswide", "mAP@5000", "mAP@5000")]
    [InlineData("not-a-dataset", "mAP@1000", "mAP@1000")]
    public void PrimaryMetric_FollowsTheLabelsReadOnlyForImageLists(string name, string multiHot, string singleLabel)
    {
        Assert.Equal(multiHot, Presets.PrimaryMetricFor(name, new LabelMatrix(2, 2, [1, 1, 0, 1])));
        Assert.Equal(singleLabel, Presets.PrimaryMetricFor(name, LabelMatrix.FromClassIds([0, 1], 2)));
    }

    [Theory]
    [InlineData("fashion-mnist", 32)]
    [InlineData("fashion-outfits", 64)]
    [InlineData("cifar10", 32)]
    [InlineData("flickr25k", 32)]
    [InlineData("nuswide", 32)]
    [InlineData("imagelist", 32)]
    [InlineData("not-a-dataset", 32)]
    public void QuickInputSize_Is64OnlyForTheOutfitMosaics(string name, int size)
    {
        Assert.Equal(size, Presets.QuickInputSize(name));
        Assert.Equal(size, Presets.Quick(name).Features.InputSize);
    }

    [Theory]
    [InlineData("fashion-mnist", "t10k-labels-idx1-ubyte.gz", true)]
    [InlineData("fashion-outfits", "t10k-labels-idx1-ubyte.gz", true)]
    [InlineData("cifar10", "cifar-10-binary.tar.gz", false)]
    [InlineData("flickr25k", "https://press.liacs.nl/mirflickr/", false)]
    [InlineData("nuswide", "21 labels of 0/1", false)]
    [InlineData("imagelist", "the list files database.txt, test.txt, train.txt", false)]
    public void DownloadAndInstallHints_AreTheDatasetsOwn(string name, string download, bool package)
    {
        var d = DatasetRegistry.Get(name);
        Assert.Contains(download, d.Download);
        Assert.Equal(package ? "install Fashion-MNIST with 'sudo apt-get install dataset-fashion-mnist' (Debian/Ubuntu), or " : "", d.InstallHint);
    }

    [Fact]
    public void ItemGroups_FollowFashionMnistsClassNames_WhateverTheDatasetsName()
    {
        Assert.Same(OutfitCatalog.Groups, DatasetRegistry.ItemGroupsOf(FashionMnistReader.ClassNames));
        Assert.Same(OutfitCatalog.Groups, DatasetRegistry.ItemGroupsOf([.. FashionMnistReader.ClassNames]));   // e.g. a generated mosaic-list's classes.txt
        Assert.Null(DatasetRegistry.ItemGroupsOf(CifarReader.ClassNames));
        Assert.Null(DatasetRegistry.ItemGroupsOf(["a", "b"]));
    }

    [Theory]
    [InlineData("mnist")]
    [InlineData("Fashion-MNIST")]
    [InlineData("")]
    public void UnknownNames_AreInputErrors_ListingTheKnownOnes(string name)
    {
        const string known = "(known: fashion-mnist, fashion-outfits, cifar10, flickr25k, nuswide, imagelist)";
        Assert.Equal($"--dataset: unknown dataset '{name}' {known}", Assert.Throws<InvalidInputException>(() => DatasetRegistry.Get(name)).Message);
        Assert.Contains(known, Assert.Throws<InvalidInputException>(() => DatasetLocator.Find(name)).Message);
        Assert.Contains(known, Assert.Throws<InvalidInputException>(() => DatasetCatalog.Open(name)).Message);
        Assert.Null(DatasetRegistry.Find(name));
    }
}
