using Dsch.Data;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Inference;

/// <summary><c>dsch encode</c> and <c>dsch codes merge</c> as processes, on short trained runs.</summary>
[Collection(TrainedRunsCollection.Name)]
[Trait(TestCategory.Key, TestCategory.Slow)]
public class EncodeCliTests(TrainedRunsFixture runs)
{
    /// <summary>The binary codes (sign, 0 → +1) of a run's continuous codes file, as encode writes them.</summary>
    internal static sbyte[] SignsOf(string runCodes) => [.. NpyFile.Read(runCodes).ToFloats().Select(v => v >= 0 ? (sbyte)1 : (sbyte)-1)];

    static sbyte[] Codes(string path) => (sbyte[])NpyFile.Read(path).Data;

    CliResult Encode(params string[] arguments) => CliProcess.Run(["encode", "--run", runs.Run16, .. arguments]);

    [Fact]
    public void DatasetSets_GiveTheCodesTheRunWrote()
    {
        using var output = new TempDirectory();
        Assert.Equal(SignsOf(Path.Combine(runs.Run16, "database_codes.npy")), Codes(runs.Database16));
        var result = Encode("--dataset", "imagelist", "--root", runs.Data, "--set", "query", "--out", output.File("query.npy"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("images/s", result.Stdout);
        Assert.Equal(SignsOf(Path.Combine(runs.Run16, "query_codes.npy")), Codes(output.File("query.npy")));
        Assert.Equal(15, File.ReadAllLines(output.File("query.ids.txt")).Length);
    }

    [Fact]
    public void ImageListAndFolder_GiveTheRunsCodes_ForTheSameImages()
    {
        using var output = new TempDirectory();
        var queries = runs.QueryImages;
        File.WriteAllLines(output.File("queries.txt"), queries);
        // The list lives outside the images' folder: its entries leave the list's root, so encode wants the opt-in.
        var refused = Encode("--images", output.File("queries.txt"), "--out", output.File("listed.npy"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--allow-outside-root", refused.Stderr);
        Assert.False(File.Exists(output.File("listed.npy")));
        var listed = Encode("--images", output.File("queries.txt"), "--out", output.File("listed.npy"), "--allow-outside-root");
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        var expected = SignsOf(Path.Combine(runs.Run16, "query_codes.npy"));
        Assert.Equal(expected, Codes(output.File("listed.npy")));
        Assert.Equal(queries, File.ReadAllLines(output.File("listed.ids.txt")));

        var folder = Encode("--images", Path.Combine(runs.Data, "img"), "--out", output.File("folder.npy"), "--packed");
        Assert.True(folder.ExitCode == 0, folder.Stderr);
        var paths = File.ReadAllLines(output.File("folder.ids.txt"));
        Assert.Equal(90, paths.Length);
        Assert.Equal(paths.Order(StringComparer.Ordinal), paths);
        var packed = NpyFile.Read(output.File("folder.npy"));
        Assert.Equal(NpyType.UInt8, packed.Type);
        Assert.Equal(new[] { 90, 2 }, packed.Shape);
        var bytes = (byte[])packed.Data;
        for (int q = 0; q < queries.Length; q++)
        {
            int row = Array.IndexOf(paths, queries[q]);
            // numpy.packbits(code >= 0): code bit b is bit 7 − b % 8 of byte b / 8.
            for (int b = 0; b < 16; b++)
                Assert.Equal(expected[q * 16 + b] == 1, (bytes[row * 2 + b / 8] >> (7 - b % 8) & 1) == 1);
        }
    }

    [Fact]
    public void ShardedEncodeAndMerge_EqualsOneUnshardedEncode_ByteForByte()
    {
        using var output = new TempDirectory();
        string[] source = ["--images", Path.Combine(runs.Data, "img")];
        Assert.Equal(0, Encode([.. source, "--out", output.File("whole.npy")]).ExitCode);
        for (int i = 1; i <= 3; i++)
            Assert.Equal(0, Encode([.. source, "--shard", $"{i}/3", "--out", output.File($"part{i}.npy")]).ExitCode);
        var merged = CliProcess.Run("codes", "merge", output.File("part3.npy"), output.File("part1.npy"), output.File("part2.npy"), "--out", output.File("merged.npy"));
        Assert.True(merged.ExitCode == 0, merged.Stderr);
        foreach (var suffix in new[] { ".npy", ".ids.txt", ".manifest.json" })
            Assert.Equal(File.ReadAllBytes(output.File("whole" + suffix)), File.ReadAllBytes(output.File("merged" + suffix)));

        var missing = CliProcess.Run("codes", "merge", output.File("part1.npy"), output.File("part3.npy"), "--out", output.File("m2.npy"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("2/3 missing", missing.Stderr);
        var repeated = CliProcess.Run("codes", "merge", output.File("part1.npy"), output.File("part2.npy"), output.File("part2.npy"), output.File("part3.npy"), "--out", output.File("m3.npy"));
        Assert.Equal(2, repeated.ExitCode);
        Assert.Contains("given twice", repeated.Stderr);

        // Shard 2 as another run would have written it (its manifest names another run fingerprint): refused.
        File.Copy(output.File("part2.npy"), output.File("other2.npy"));
        File.Copy(output.File("part2.ids.txt"), output.File("other2.ids.txt"));
        var manifest = File.ReadAllText(output.File("part2.manifest.json"));
        var fingerprint = System.Text.RegularExpressions.Regex.Match(manifest, "\"runFingerprint\": \"([0-9a-f]+)\"").Groups[1].Value;
        Assert.Equal(64, fingerprint.Length);
        File.WriteAllText(output.File("other2.manifest.json"), manifest.Replace(fingerprint, new string('0', 64)));
        var foreign = CliProcess.Run("codes", "merge", output.File("part1.npy"), output.File("other2.npy"), output.File("part3.npy"), "--out", output.File("m4.npy"));
        Assert.Equal(2, foreign.ExitCode);
        Assert.Contains("another run", foreign.Stderr);
        Assert.False(File.Exists(output.File("m2.npy")) || File.Exists(output.File("m3.npy")) || File.Exists(output.File("m4.npy")));
    }

    [Fact]
    public void BadInput_ExitsWith2_OnOneLine_WritingNothing()
    {
        using var output = new TempDirectory();
        var empty = Directory.CreateDirectory(output.File("empty")).FullName;
        var broken = Directory.CreateDirectory(output.File("broken")).FullName;
        File.WriteAllBytes(Path.Combine(broken, "a.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        var modelless = Directory.CreateDirectory(output.File("modelless")).FullName;
        File.Copy(Path.Combine(runs.Run16, "config.json"), Path.Combine(modelless, "config.json"));
        var otherLength = CopyRun(runs.Run16, output.File("other-length"));
        var config = Path.Combine(otherLength, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"bits\": 16", "\"bits\": 32"));
        File.WriteAllText(output.File("taken.npy"), "keep");
        string img = Path.Combine(runs.Data, "img");

        (string[] Arguments, string Named)[] cases =
        [
            (["--run", modelless, "--images", img, "--out", output.File("x.npy")], "checkpoint.json"),
            (["--run", empty, "--images", img, "--out", output.File("x.npy")], "config.json"),
            (["--run", otherLength, "--images", img, "--out", output.File("x.npy")], "does not match the model"),
            (["--run", runs.Run16, "--images", empty, "--out", output.File("x.npy")], "no image files"),
            (["--run", runs.Run16, "--images", broken, "--out", output.File("x.npy")], "a.png"),
            (["--run", runs.Run16, "--images", img, "--shard", "4/3", "--out", output.File("x.npy")], "--shard"),
            (["--run", runs.Run16, "--images", img, "--shard", "0/3", "--out", output.File("x.npy")], "--shard"),
            (["--run", runs.Run12, "--images", img, "--packed", "--out", output.File("x.npy")], "multiple of 8"),
            (["--run", runs.Run16, "--images", img, "--out", output.File("taken.npy")], "already exists"),
            (["--run", runs.Run16, "--dataset", "imagelist", "--root", runs.Data, "--out", output.File("x.npy")], "--set"),
        ];
        foreach (var (arguments, named) in cases)
        {
            var result = CliProcess.Run(["encode", .. arguments]);
            Assert.True(result.ExitCode == 2, $"{string.Join(' ', arguments)}: exit {result.ExitCode} {result.Stderr}");
            Assert.Contains(named, result.Stderr);
            Assert.Single(result.Stderr.Trim().Split('\n'));
        }
        Assert.Equal("keep", File.ReadAllText(output.File("taken.npy")));
        Assert.Equal(["taken.npy"], Directory.GetFiles(output.Path).Select(Path.GetFileName));
    }

    static string CopyRun(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return to;
    }
}
