using System.Diagnostics;
using System.Text;
using Dsch.Tests.Data;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Hostile;

/// <summary>
/// What every hostile-input test asserts and the small inputs they make for themselves (no fixtures on disk): the
/// CLI refuses with exit 2 and one short line naming the file or option, promptly, and changes nothing.
/// </summary>
static class HostileInput
{
    /// <summary>Generous bound for "promptly": every probe here is refused in well under a second of work.</summary>
    public static readonly TimeSpan Prompt = TimeSpan.FromSeconds(60);

    /// <summary>Runs the CLI with the <see cref="Prompt"/> timeout (a hang fails the test instead of blocking it).</summary>
    public static CliResult Run(params string[] arguments) => CliProcess.Run(Prompt, arguments);

    /// <summary>Exit 2, exactly one line on stderr (no stack trace), at most ~1,000 characters, holding each of <paramref name="mentions"/>.</summary>
    public static void AssertRefused(CliResult result, params string[] mentions)
    {
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}\n{result.Stderr}\n{result.Stdout}");
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{Shorten(result.Stderr)}");
        Assert.StartsWith("dsch: ", lines[0]);
        Assert.True(lines[0].Length <= 1000, $"{lines[0].Length} characters: {Shorten(lines[0])}");
        foreach (var mention in mentions) Assert.Contains(mention, lines[0]);
    }

    /// <summary>An image-list dataset of 8 small PNGs (see <see cref="DataFixtures.WriteImageList"/>) in <paramref name="folder"/>.</summary>
    public static void WriteImageList(string folder) => DataFixtures.WriteImageList(folder);

    /// <summary>Replaces line <paramref name="index"/> of a list file (0-based), keeping the others.</summary>
    public static void ReplaceLine(string listPath, int index, string line)
    {
        var lines = File.ReadAllLines(listPath);
        lines[index] = line;
        File.WriteAllLines(listPath, lines);
    }

    /// <summary>A .npy (version 1.0) with a hand-written header dictionary and <paramref name="body"/> bytes of data.</summary>
    public static void WriteNpyHeader(string path, string dictionary, int body = 0)
    {
        var header = dictionary + new string(' ', 63 - (10 + dictionary.Length) % 64) + "\n";
        using var stream = File.Create(path);
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)header.Length));
        stream.Write(Encoding.Latin1.GetBytes(header));
        stream.Write(new byte[body]);
    }

    /// <summary>A float32 (rows, columns) .npy of a deterministic pattern.</summary>
    public static void WriteFloats(string path, int rows, int columns, int seed = 1)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, rows * columns).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        Dsch.Data.NpyFile.Write(path, values, rows, columns);
    }

    /// <summary>Makes a named pipe (FIFO) with the system's <c>mkfifo</c>.</summary>
    public static void MakeFifo(string path)
    {
        using var process = Process.Start("mkfifo", [path])!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    /// <summary>SHA-256 of every file under <paramref name="folder"/>, keyed by relative path (to prove nothing changed).</summary>
    public static SortedDictionary<string, string> Snapshot(string folder) => new(
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(
            file => Path.GetRelativePath(folder, file),
            file => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)))), StringComparer.Ordinal);

    static string Shorten(string text) => text.Length > 2000 ? text[..2000] + "…" : text;
}
