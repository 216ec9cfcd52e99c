using System.Security.Cryptography;
using System.Text;
using Dsch.Data;
using Dsch.Data.Mosaics;
using Dsch.Data.MosaicLists;
using Dsch.Data.Outfits;
using Dsch.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Tests.Data;

/// <summary>
/// The one mosaic grid under both generated datasets: its placement and composition on small inputs, and regression pins
/// of what the two generators produce from the real Fashion-MNIST (Debian package dataset-fashion-mnist).
/// </summary>
/// <remarks>
/// The pinned hashes were produced by main's generators before the grid was shared (commit 710b75e): the mosaic-list pin
/// from the folder <c>dsch data mosaic-list --seed 3 --database 40 --queries 12 --train 25</c> wrote, hashed as
/// <see cref="FolderHash"/> does; the fashion-outfits pins by running <see cref="OutfitPixelsHash"/>'s steps against
/// main's Dsch.Lib.dll. They are not invented data: a change to the grid, the draw order or the pixels changes them.
/// </remarks>
public class MosaicGridTests
{
    static readonly MosaicGrid TwoByTwo = new(GridSide: 2, ItemSide: 2);

    [Fact]
    public void Compose_PutsEachItemInItsCell_RowMajor_AndLeavesEmptyCellsBlack()
    {
        // Items 0…2 of 2 × 2 pixels: item s is filled with 10s+1, 10s+2, 10s+3, 10s+4.
        var source = Enumerable.Range(0, 3).SelectMany(s => Enumerable.Range(1, 4).Select(p => (byte)(10 * s + p))).ToArray();
        var pixels = TwoByTwo.Compose([2, -1, -1, 0], source);
        Assert.Equal(new byte[]
        {
            21, 22, 0, 0,
            23, 24, 0, 0,
            0, 0, 1, 2,
            0, 0, 3, 4,
        }, pixels);
        Assert.Equal((4, 4), (TwoByTwo.Cells, TwoByTwo.ImageSide));
    }

    [Fact]
    public void Place_ShowsEachClassOnceInDistinctCells_LabelsAreTheirUnion_DatabaseFromTrainingItems()
    {
        var labels = Enumerable.Range(0, 40).Select(i => i % 4).ToArray();                // 0…29 training, 30…39 test items
        var items = new MosaicItems(labels, trainItems: 30, classes: 4, "test");
        IReadOnlyList<int> ClassesOf(SeededRandom random, int m) => m % 2 == 0 ? [0, 3] : [1, 2, 3];
        var layout = TwoByTwo.Place(items, count: 12, databaseCount: 8, seed: 1, stream: 9, ClassesOf);
        for (int m = 0; m < 12; m++)
        {
            var shown = layout.Cells.AsSpan(m * 4, 4).ToArray().Where(s => s >= 0).ToArray();
            Assert.Equal(ClassesOf(null!, m), shown.Select(s => labels[s]).Order());
            Assert.Equal(shown.Select(s => labels[s]).Order(), Enumerable.Range(0, 4).Where(c => layout.Labels.Has(m, c)));
            Assert.All(shown, s => Assert.Equal(m < 8, s < 30));
        }
        Assert.Equal(layout.Cells, TwoByTwo.Place(items, 12, 8, 1, 9, ClassesOf).Cells);                       // seeded
        Assert.NotEqual(layout.Cells, TwoByTwo.Place(items, 12, 8, 1, 10, ClassesOf).Cells);                   // another stream, other draws
    }

    [Fact]
    public void Place_RefusesAClassWithoutItemsInThePartAnImageNeeds_NamingTheGenerator()
    {
        var items = new MosaicItems([0, 1, 0], trainItems: 2, classes: 2, "my-generator");      // class 1 has no test item
        var error = Assert.Throws<InvalidInputException>(() => TwoByTwo.Place(items, 2, 1, 0, 0, (_, _) => [1]));
        Assert.Equal("my-generator: the source data has no test item of class 1", error.Message);
    }

    [Fact]
    public void BothDatasets_UseTheirOwnGeometry_OnFashionMnistItems()
    {
        Assert.Equal((2, 28, 56), (OutfitCatalog.Grid.GridSide, OutfitCatalog.Grid.ItemSide, OutfitCatalog.Grid.ImageSide));
        Assert.Equal((3, 28, 84), (MosaicListDesign.Grid.GridSide, MosaicListDesign.Grid.ItemSide, MosaicListDesign.Grid.ImageSide));
    }

    [Fact]
    public void MosaicList_WritesTheBytesMainsGeneratorWrote()
    {
        using var temp = new TempDirectory();
        var root = DatasetLocator.Find("fashion-mnist") ?? throw new InvalidOperationException("Fashion-MNIST is not installed (./dsch test installs it)");
        var recipe = MosaicListSource.Generate(root, temp.File("list"), new MosaicListSize(Database: 40, Queries: 12, Train: 25), seed: 3);
        Assert.Equal("92099867ee9a6cba9a85da9652226dff45d3bf1cd1bc2dea32d65cccfa5ab956", recipe.CompositionHash());
        Assert.Equal("24fc2b58ae23e30b47fde2ff646fef1d7c19d340ad3860975419b7549914d1df", FolderHash(temp.File("list")));
    }

    [Fact]
    public void FashionOutfits_ComposesThePixelsMainsGeneratorComposed()
    {
        using var splits = new TempDirectory();
        var data = DatasetCatalog.Open("fashion-outfits", null, 0, splits.Path, null);
        Assert.Equal("df631699a6785008ee44db1eededed63fc1755e3622571ee79238e379520d639", data.Split.Generator!.CompositionHash);
        Assert.Equal("c4efa79426d9a5cf58c831542cd5da4c07ef844ffdef7bb050bac95803631f8e", data.Labels.ContentHash());
        Assert.Equal("fce8d2a162bfaee411d9d64d79fbe19bc44edc4cfc8da5ddfe1c0e26a3032748", OutfitPixelsHash(data));
    }

    /// <summary>
    /// SHA-256 over the files of a generated list folder in ordinal order of their relative paths, each as its path, a
    /// line feed and its bytes; <c>mosaic-list.json</c> is left out (its JSON layout is the writer's, its composition hash
    /// is pinned on its own above).
    /// </summary>
    static string FolderHash(string folder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f)).Where(f => f != MosaicListWriter.StampFile).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(56, files.Count);                                                   // 52 images and four text files
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
            hash.AppendData(File.ReadAllBytes(Path.Combine(folder, file)));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>SHA-256 over the RGB bytes of the first 32 database mosaics (0…31) and the first 32 queries (23,000…23,031).</summary>
    static string OutfitPixelsHash(HashingDataset data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var i in Enumerable.Range(0, 32).Concat(Enumerable.Range(OutfitGenerator.DatabaseCount, 32)))
        {
            using var image = data.LoadImage(i);
            var bytes = new byte[image.Width * image.Height * 3];
            image.CopyPixelDataTo(bytes);
            hash.AppendData(bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
