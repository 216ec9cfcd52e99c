using Dsch.Data;
using Dsch.Data.MosaicLists;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Data;

/// <summary>The <c>mosaic-list</c> generator: a pure, seeded recipe with the designed co-occurrence, written as a valid imagelist.</summary>
public class MosaicListGeneratorTests
{
    // Fashion-MNIST-shaped labels: 600 training items then 100 test items, class = index mod 10.
    static readonly int[] SourceLabels = Enumerable.Range(0, 700).Select(i => i % 10).ToArray();
    const int TrainItems = 600;
    static readonly MosaicListSize Small = new(Database: 400, Queries: 60, Train: 300);

    static MosaicListRecipe Compose(int seed = 0, MosaicListSize? size = null) =>
        MosaicListGenerator.Compose(SourceLabels, TrainItems, size ?? Small, seed);

    [Fact]
    public void Compose_IsAPureFunctionOfTheSeed()
    {
        Assert.Equal(Compose(3).CompositionHash(), Compose(3).CompositionHash());
        Assert.Equal(Compose(3).Labels.ContentHash(), Compose(3).Labels.ContentHash());
        Assert.NotEqual(Compose(3).CompositionHash(), Compose(4).CompositionHash());
    }

    [Fact]
    public void EveryImage_ShowsTwoOrThreeDistinctClasses_ItsLabelsAreTheClassesShown_DatabaseFromTrainingItemsQueriesFromTest()
    {
        var recipe = Compose();
        Assert.Equal(460, recipe.Count);
        var counts = new int[4];
        for (int m = 0; m < recipe.Count; m++)
        {
            var items = recipe.Cells.AsSpan(m * MosaicListDesign.Grid.Cells, MosaicListDesign.Grid.Cells).ToArray().Where(c => c >= 0).ToArray();
            var classes = items.Select(i => SourceLabels[i]).ToArray();
            Assert.InRange(items.Length, 2, 3);
            Assert.Equal(classes.Length, classes.Distinct().Count());
            counts[items.Length]++;
            var labelled = Enumerable.Range(0, 10).Where(c => recipe.Labels.Has(m, c)).ToArray();
            Assert.Equal(classes.Order().ToArray(), labelled);
            Assert.All(items, i => Assert.Equal(m < recipe.DatabaseCount, i < TrainItems));
        }
        Assert.InRange(counts[3], 0.35 * recipe.Count, 0.65 * recipe.Count);   // a third item with probability ½
    }

    [Fact]
    public void TrainingImages_AreDistinctAscendingDatabaseImages()
    {
        var train = Compose().Train;
        Assert.Equal(300, train.Length);
        Assert.Equal(train.Order().Distinct().ToArray(), train);
        Assert.All(train, t => Assert.InRange(t, 0, 399));
    }

    [Fact]
    public void Companions_CooccurFarMoreOftenThanOtherPairs()
    {
        var recipe = Compose(size: new MosaicListSize(4000, 10, 10));
        var together = new int[10, 10];
        for (int m = 0; m < recipe.Count; m++)
            for (int a = 0; a < 10; a++)
                for (int b = 0; b < 10; b++)
                    if (a != b && recipe.Labels.Has(m, a) && recipe.Labels.Has(m, b)) together[a, b]++;
        double companion = 0, other = 0;
        int companionPairs = 0, otherPairs = 0;
        for (int a = 0; a < 10; a++)
            for (int b = 0; b < 10; b++)
            {
                if (a == b) continue;
                bool paired = MosaicListDesign.Companions[a].Contains(b) || MosaicListDesign.Companions[b].Contains(a);
                if (paired) { companion += together[a, b]; companionPairs++; }
                else { other += together[a, b]; otherPairs++; }
            }
        Assert.True(companion / companionPairs > 3 * (other / otherPairs), $"companion pairs {companion / companionPairs:F1}, others {other / otherPairs:F1}");
    }

    [Fact]
    public void Write_GivesAValidImagelist_WithTheRecipesLabelsAndSplit_AndIdenticalBytesOnRewrite()
    {
        using var temp = new TempDirectory();
        var recipe = Compose(size: new MosaicListSize(30, 8, 20));
        var pixels = Enumerable.Range(0, SourceLabels.Length * 784).Select(i => (byte)(i * 13 % 251)).ToArray();
        var names = Enumerable.Range(0, 10).Select(c => $"c{c}").ToArray();
        MosaicListWriter.Write(temp.File("a"), recipe, pixels, names, 0, "hash");
        MosaicListWriter.Write(temp.File("b"), recipe, pixels, names, 0, "hash");

        var data = DatasetCatalog.Open("imagelist", temp.File("a"));
        Assert.Equal((30, 8, 20), (data.Split.Database.Length, data.Split.Query.Length, data.Split.Train.Length));
        Assert.Equal(names, data.ClassNames);
        Assert.Equal(recipe.Labels.ContentHash(), data.Labels.ContentHash());
        Assert.False(data.Labels.IsSingleLabel);
        foreach (var file in Directory.GetFiles(temp.File("a"), "*", SearchOption.AllDirectories))
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(file.Replace(temp.File("a"), temp.File("b"))));
        Assert.Empty(Directory.GetDirectories(temp.Path, ".*"));                    // no partial folder left behind

        using var image = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.L8>(temp.File("a/images/d000000.png"));
        Assert.Equal((84, 84), (image.Width, image.Height));
        var expected = MosaicListWriter.Compose(recipe, pixels, 0);
        for (int y = 0; y < 84; y++)
            for (int x = 0; x < 84; x++) Assert.Equal(expected[y * 84 + x], image[x, y].PackedValue);
    }

    [Theory]
    [InlineData(0, 10, 5, "--database")]
    [InlineData(10, 0, 5, "--queries")]
    [InlineData(10, 10, 11, "--train")]
    [InlineData(10, 10, 0, "--train")]
    public void Validated_RefusesCountsOutOfRange_NamingTheOption(int database, int queries, int train, string option)
    {
        var error = Assert.Throws<InvalidInputException>(() => new MosaicListSize(database, queries, train).Validated());
        Assert.StartsWith(option, error.Message);
    }
}
