using Dsch.Data;
using Dsch.Data.Outfits;

namespace Dsch.Tests.Data;

/// <summary>The outfits generator on synthetic source labels (600 training + 100 test items, class = index mod 10).</summary>
public class OutfitGeneratorTests
{
    const int TrainItems = 600;
    static readonly int[] SourceLabels = Enumerable.Range(0, TrainItems + 100).Select(i => i % 10).ToArray();

    static OutfitRecipe Compose(int seed = 0) => OutfitGenerator.Compose(SourceLabels, TrainItems, seed);

    [Fact]
    public void Compose_IsAPureFunctionOfTheSeed()
    {
        Assert.Equal(Compose(0).CompositionHash(), Compose(0).CompositionHash());
        Assert.NotEqual(Compose(0).CompositionHash(), Compose(1).CompositionHash());
        Assert.Equal(Compose(0).Labels.ContentHash(), Compose(0).Labels.ContentHash());
    }

    [Fact]
    public void Queries_AreMadeOnlyOfTestItems_AndTheDatabaseOnlyOfTrainingItems()
    {
        var recipe = Compose();
        Assert.Equal(OutfitGenerator.DatabaseCount + OutfitGenerator.QueryCount, recipe.Count);
        for (int m = 0; m < recipe.Count; m++)
            foreach (var source in recipe.Cells.AsSpan(m * 4, 4))
                if (source >= 0) Assert.True(m < recipe.DatabaseCount ? source < TrainItems : source >= TrainItems, $"mosaic {m} shows item {source}");
    }

    [Fact]
    public void EveryMosaic_Shows2To4DistinctItems_ItsLabelsAreTheClassesShown_AndOnTemplateMosaicsFollowTheirTemplate()
    {
        var recipe = Compose();
        int off = 0;
        for (int m = 0; m < recipe.Count; m++)
        {
            var shown = recipe.Cells.AsSpan(m * 4, 4).ToArray().Where(s => s >= 0).Select(s => SourceLabels[s]).ToArray();
            Assert.InRange(shown.Length, 2, 4);
            Assert.Equal(shown.Length, shown.Distinct().Count());
            Assert.Equal(Enumerable.Range(0, 10).Where(c => recipe.Labels.Has(m, c)), shown.Order());
            var template = OutfitCatalog.Templates[recipe.TemplateIds[m]];
            bool follows = template.Required.All(shown.Contains) && shown.All(c => template.Required.Contains(c) || template.Optional.Contains(c));
            if (recipe.OffTemplate[m]) off++;
            else Assert.True(follows, $"mosaic {m} ({template.Name}) shows {string.Join(",", shown)}");
        }
        Assert.InRange(off / (double)recipe.Count, 0.09, 0.11); // OffTemplateShare = 0.1 over 25,000 draws (σ ≈ 0.002)
    }

    [Fact]
    public void Templates_HoldTwoToFourItems_AndEveryClassBelongsToOneItemGroup()
    {
        Assert.True(OutfitCatalog.Templates.Count >= 5);
        Assert.All(OutfitCatalog.Templates, t => { Assert.True(t.MinItems >= 2); Assert.True(t.MaxItems <= 4); });
        Assert.Equal(Enumerable.Range(0, 10), OutfitCatalog.Groups.SelectMany(g => g.Classes).Order());
        Assert.Equal("footwear", OutfitCatalog.Groups[OutfitCatalog.GroupOf(9)].Name);
    }

    [Fact]
    public void Split_TrainsOn5000DatabaseMosaics_QueriesAreTheTestMosaics()
    {
        var recipe = Compose();
        var split = OutfitGenerator.Split(recipe, OutfitGenerator.StampOf(recipe, 0, "source"));
        Assert.Equal(Enumerable.Range(OutfitGenerator.DatabaseCount, OutfitGenerator.QueryCount), split.Query);
        Assert.Equal(OutfitGenerator.TrainCount, split.Train.Length);
        Assert.All(split.Train, t => Assert.InRange(t, 0, OutfitGenerator.DatabaseCount - 1));
        Assert.Equal(split.Train.Order(), split.Train);
        Assert.Equal(OutfitGenerator.Version, split.Generator!.Version);
    }
}
