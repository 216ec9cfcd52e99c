using Dsch.Data;
using Dsch.Data.Splits;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Data;

public class SplitFileTests
{
    static readonly LabelMatrix Labels = LabelMatrix.FromClassIds(Enumerable.Range(0, 40).Select(i => i % 4).ToArray(), 4);
    static readonly SplitProtocol Tiny = new("tiny", true, 2, 3);

    static (TempDirectory Dir, string Path, DatasetSplit Split) Saved()
    {
        var dir = new TempDirectory();
        var split = SplitGenerator.Generate("toy", Tiny, Labels, 0, "f");
        string path = dir.File(SplitFile.FileName("toy", "tiny", 0));
        SplitFile.Save(path, split, Labels);
        return (dir, path, split);
    }

    [Fact]
    public void SaveThenLoad_RoundTrips_WithOneLinePerIndexList()
    {
        var (dir, path, split) = Saved();
        using (dir)
        {
            var loaded = SplitFile.Load(path, Labels, "toy", "tiny", 0);
            Assert.Equal(split.Query, loaded.Query);
            Assert.Equal(split.Database, loaded.Database);
            Assert.Equal(split.Train, loaded.Train);
            Assert.Equal(split.LabelHash, loaded.LabelHash);
            var lines = File.ReadAllLines(path);
            Assert.Single(lines, l => l.TrimStart().StartsWith("\"database\": ["));
            Assert.True(lines.Length < 15);
        }
    }

    [Fact]
    public void Load_RefusesOtherLabels()
    {
        var (dir, path, _) = Saved();
        using (dir)
        {
            var other = LabelMatrix.FromClassIds(Enumerable.Range(0, 40).Select(i => (i + 1) % 4).ToArray(), 4);
            var error = Assert.Throws<InvalidInputException>(() => SplitFile.Load(path, other, "toy", "tiny", 0));
            Assert.Contains(path, error.Message);
            Assert.Contains("label_hash", error.Message);
        }
    }

    [Fact]
    public void Load_RefusesADifferentSize()
    {
        var (dir, path, _) = Saved();
        using (dir)
        {
            var bigger = LabelMatrix.FromClassIds(Enumerable.Range(0, 44).Select(i => i % 4).ToArray(), 4);
            var error = Assert.Throws<InvalidInputException>(() => SplitFile.Load(path, bigger, "toy", "tiny", 0));
            Assert.Contains("40 images", error.Message);
        }
    }

    [Theory]
    [InlineData("\"query\": [", "\"query\": [99,", "outside")]
    [InlineData("\"query\": [", "\"query\": [-1,", "outside")]
    [InlineData("\"seed\": 0", "\"seed\": 3", "seed 3")]
    [InlineData("\"train\": [", "\"train\": [\"x\",", "not an integer")]
    [InlineData("\"count\": 40,", "", "\"count\"")]
    [InlineData("}", "", "not a valid split file")]
    public void Load_RefusesTamperedFiles(string find, string replace, string expected)
    {
        var (dir, path, _) = Saved();
        using (dir)
        {
            var text = File.ReadAllText(path);
            int at = text.IndexOf(find, StringComparison.Ordinal);
            File.WriteAllText(path, text[..at] + replace + text[(at + find.Length)..]);
            var error = Assert.Throws<InvalidInputException>(() => SplitFile.Load(path, Labels, "toy", "tiny", 0));
            Assert.Contains(expected, error.Message);
            Assert.Contains(path, error.Message);
        }
    }

    [Fact]
    public void Check_RefusesOverlapDuplicatesAndEmptyParts()
    {
        var good = SplitGenerator.Generate("toy", Tiny, Labels, 0, "f");
        var overlapping = good with { Query = [.. good.Query, good.Database[0]] };
        Assert.Contains("both a query and a database", Assert.Throws<InvalidInputException>(() => SplitFile.Check(overlapping, Labels, "s.json", true)).Message);
        var duplicated = good with { Train = [.. good.Train, good.Train[0]] };
        Assert.Contains("appears twice", Assert.Throws<InvalidInputException>(() => SplitFile.Check(duplicated, Labels, "s.json", true)).Message);
        var empty = good with { Query = [] };
        Assert.Contains("empty split", Assert.Throws<InvalidInputException>(() => SplitFile.Check(empty, Labels, "s.json", true)).Message);
        var trainOutside = good with { Train = [good.Query[0]] };
        Assert.Contains("not in the database", Assert.Throws<InvalidInputException>(() => SplitFile.Check(trainOutside, Labels, "s.json", true)).Message);
    }
}
