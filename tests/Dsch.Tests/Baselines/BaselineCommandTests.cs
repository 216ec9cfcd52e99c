using Dsch.Data;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Baselines;

[Trait(TestCategory.Key, TestCategory.Slow)]
public class BaselineCommandTests
{
    static (TempDirectory Folder, string Train, string Encode) Files()
    {
        var folder = new TempDirectory();
        var train = BaselineFixtures.Clusters(200, 12, seed: 1);
        var encode = BaselineFixtures.Clusters(30, 12, seed: 2);
        NpyFile.Write(folder.File("train.npy"), Array.ConvertAll(train.Values, v => (float)v), 200, 12);
        NpyFile.Write(folder.File("encode.npy"), encode.Values, 30, 12);
        return (folder, folder.File("train.npy"), folder.File("encode.npy"));
    }

    [Theory]
    [InlineData("lsh")]
    [InlineData("pcah")]
    [InlineData("itq")]
    [InlineData("sh")]
    public void WritesPlusMinusOneInt8Codes(string method)
    {
        var (folder, train, encode) = Files();
        using var _ = folder;
        var output = folder.File("codes.npy");
        var result = CliProcess.Run("baseline", "--method", method, "--bits", "8", "--train", train, "--encode", encode, "--out", output, "--seed", "3");
        Assert.Equal(0, result.ExitCode);
        var codes = NpyFile.Read(output);
        Assert.Equal(NpyType.Int8, codes.Type);
        Assert.Equal(new[] { 30, 8 }, codes.Shape);
        Assert.All((sbyte[])codes.Data, v => Assert.True(v is 1 or -1));
    }

    [Fact]
    public void ItqCodes_EvaluateEndToEnd_ThroughTheCli()
    {
        var (folder, train, _) = Files();
        using var _ = folder;
        var codes = folder.File("codes.npy");
        Assert.Equal(0, CliProcess.Run("baseline", "--method", "itq", "--bits", "8", "--train", train, "--encode", train, "--out", codes).ExitCode);
        NpyFile.Write(folder.File("labels.npy"), Enumerable.Range(0, 200).Select(i => (long)(i % 4)).ToArray(), 200);
        var result = CliProcess.Run("evaluate", "--query-codes", codes, "--database-codes", codes,
            "--query-labels", folder.File("labels.npy"), "--database-labels", folder.File("labels.npy"), "--topk", "50", "--json");
        Assert.Equal(0, result.ExitCode);
        double map = System.Text.Json.JsonDocument.Parse(result.Stdout).RootElement.GetProperty("map").GetProperty("50").GetDouble();
        Assert.True(map > 0.9, $"mAP@50 of ITQ codes on four well-separated clusters was {map}");
    }

    [Fact]
    public void BadInputs_AreExitTwo_WithOneLineReason()
    {
        var (folder, train, encode) = Files();
        using var _ = folder;
        var output = folder.File("codes.npy");
        CliResult Run(string method, string bits, string encodePath) =>
            CliProcess.Run("baseline", "--method", method, "--bits", bits, "--train", train, "--encode", encodePath, "--out", output);

        var unknown = Run("kmeans", "8", encode);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--method", unknown.Stderr);

        var tooMany = Run("itq", "16", encode);
        Assert.Equal(2, tooMany.ExitCode);
        Assert.Contains("--bits", tooMany.Stderr);

        NpyFile.Write(folder.File("narrow.npy"), new float[30 * 5], 30, 5);
        var narrow = Run("lsh", "8", folder.File("narrow.npy"));
        Assert.Equal(2, narrow.ExitCode);
        Assert.Contains("feature widths differ", narrow.Stderr);

        var values = new float[30 * 12];
        values[25] = float.PositiveInfinity;
        NpyFile.Write(folder.File("inf.npy"), values, 30, 12);
        var infinite = Run("lsh", "8", folder.File("inf.npy"));
        Assert.Equal(2, infinite.ExitCode);
        Assert.Contains("row 2, column 1", infinite.Stderr);
        Assert.Single(infinite.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(output));
    }
}
