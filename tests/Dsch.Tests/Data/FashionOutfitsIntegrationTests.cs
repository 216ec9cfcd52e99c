using Dsch.Data;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Data;

/// <summary><c>fashion-outfits</c> on the real Fashion-MNIST (Debian package dataset-fashion-mnist) and its committed split.</summary>
public class FashionOutfitsIntegrationTests
{
    [Fact]
    public void TheCommittedSplit_IsWhatTheGeneratorWrites_ByteForByte()
    {
        string committed = Path.Combine(CliProcess.RepositoryRoot, "data", "splits", "fashion-outfits_outfits_seed0.json");
        Assert.True(File.Exists(committed), "the fashion-outfits split must be committed");
        using var splits = new TempDirectory();
        var data = DatasetCatalog.Open("fashion-outfits", null, 0, splits.Path, null);
        Assert.Equal(File.ReadAllBytes(committed), File.ReadAllBytes(splits.File("fashion-outfits_outfits_seed0.json")));
        Assert.Equal(data.Split.Query, DatasetCatalog.Open("fashion-outfits").Split.Query); // the committed file loads
        Assert.Equal(25_000, data.Count);
    }
}
