using Dsch.Data;
using Dsch.Features;
using Dsch.Tests.Experiments;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Data;

/// <summary>
/// Image lists of one layout (split sizes, labels) but other pictures must not share a feature cache: the cache key
/// carries <see cref="HashingDataset.ImagesFingerprint"/> (seen when a run trained on one list reused another's features).
/// </summary>
public class ImagesFingerprintTests
{
    [Fact]
    public void ImageListsOfOneLayout_WithOtherPictures_HaveDifferentFingerprints()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        ExperimentFixtures.WriteColouredSquares(a.Path, seed: 7);
        ExperimentFixtures.WriteColouredSquares(b.Path, seed: 8);
        var first = DatasetCatalog.Open("imagelist", a.Path);
        var second = DatasetCatalog.Open("imagelist", b.Path);
        Assert.Equal(first.Split.Database, second.Split.Database);
        Assert.NotEqual(first.ImagesFingerprint(), second.ImagesFingerprint());
        Assert.Equal(first.ImagesFingerprint(), DatasetCatalog.Open("imagelist", a.Path).ImagesFingerprint());
        Assert.NotEqual("", first.ImagesFingerprint());
    }

    [Fact]
    public void ManifestKeysWrittenBeforeTheField_ReadAsNoFingerprint()
    {
        var key = new FeatureCacheKey("resnet18", "", 512, 32, "caffe", "fashion-mnist", "s", "l", "{}", 0, 8, 1, 2, 3, 1);
        var json = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(key))!.AsObject();
        Assert.True(json.Remove("ImagesHash"));
        var old = System.Text.Json.JsonSerializer.Deserialize<FeatureCacheKey>(json.ToJsonString())!;
        Assert.Equal("", old.ImagesHash);
        Assert.Empty(key.Differences(old));   // an old cache of an in-memory/packed dataset stays valid
    }
}
