using System.Text.Json;
using Dsch.Data;
using Dsch.Inference;
using Dsch.IO;
using Dsch.Retrieval;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Hostile;

/// <summary>
/// The output-file policy in-process (issue 27, items 2, 5, 6, 14, 19): new files never replace a name, sidecars cannot
/// collide, a unit of files is committed behind a marker, dead writers' temporaries go, search JSON is streamed.
/// </summary>
public class OutputPolicyTests
{
    static CodeSet ThreeCodes(string tag)
    {
        var codes = HashCodes.From([1f, -1f, 1f, -1f, -1f, 1f, 1f, 1f, -1f, -1f, -1f, 1f, 1f, 1f, 1f, 1f, 1f, -1f, -1f, -1f, 1f, 1f, -1f, 1f], 3, 8);
        var manifest = new CodeManifest(Format: 1, Run: "run-" + tag, RunFingerprint: "f-" + tag, Bits: 8, Packed: false, Rows: 3,
            Source: new ImageSource("files", null, null, null, null, null), SelectionFingerprint: "s-" + tag, Shard: new ShardRows(1, 1, 0, 3, 3));
        return new CodeSet(codes, [$"{tag}-a", $"{tag}-b", $"{tag}-c"], manifest);
    }

    [Fact]
    public void I2_SidecarNames_OfCodeFilesThatDifferOnlyInCase_DoNotCollide()
    {
        Assert.NotEqual(CodeSet.IdsPath("/x/B.npy"), CodeSet.IdsPath("/x/B.NPY"));
        Assert.NotEqual(CodeSet.ManifestPath("/x/B.npy"), CodeSet.ManifestPath("/x/B.NPY"));
        Assert.Equal("/x/B.ids.txt", CodeSet.IdsPath("/x/B.npy"));                 // the names encode has always written
    }

    [Fact]
    public void I2_I5_CodeSetWrite_OntoATakenName_ReplacesNothing()
    {
        using var folder = new TempDirectory();
        var path = folder.File("B.npy");
        ThreeCodes("first").Write(path);
        var before = HostileInput.Snapshot(folder.Path);
        var error = Assert.Throws<InvalidInputException>(() => ThreeCodes("second").Write(path, "--out"));
        Assert.Contains("--out", error.Message);
        Assert.Contains("already exists", error.Message);
        Assert.Equal(before, HostileInput.Snapshot(folder.Path));
        Assert.Equal(["first-a", "first-b", "first-c"], CodeSet.Read(path).Ids!);
    }

    [Fact]
    public void I5_CodeSetWrite_ThatLosesTheCodesName_RemovesTheSidecarsItPlaced()
    {
        using var folder = new TempDirectory();
        var path = folder.File("B.npy");
        File.WriteAllText(path, "another writer's codes");                        // taken after the check, before the write
        Assert.Throws<InvalidInputException>(() => ThreeCodes("late").Write(path, "--out"));
        Assert.Equal(["B.npy"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
        Assert.Equal("another writer's codes", File.ReadAllText(path));
    }

    [Fact]
    public void I5_ConcurrentWritersOfOneNewFile_ExactlyOneSucceeds()
    {
        for (int round = 0; round < 20; round++)
        {
            using var folder = new TempDirectory();
            var path = folder.File("codes.bin");
            int wins = 0, refusals = 0;
            Parallel.For(0, 4, writer =>
            {
                try
                {
                    AtomicFile.WriteNew(path, "--out", stream => stream.Write(new byte[64 * 1024].Select(_ => (byte)writer).ToArray()));
                    Interlocked.Increment(ref wins);
                }
                catch (InvalidInputException) { Interlocked.Increment(ref refusals); }
            });
            Assert.Equal((1, 3), (wins, refusals));
            Assert.Single(Directory.GetFileSystemEntries(folder.Path));                 // no temporary left behind
        }
    }

    [Fact]
    public void I19_TemporariesOfDeadWriters_AreRemovedByTheNextWriter_AndALiveWritersAreKept()
    {
        using var folder = new TempDirectory();
        // pid_max itself is never given to a process: a writer that cannot be running.
        int dead = int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var deadFile = folder.File($"codes.npy.tmp-{dead}-{Guid.NewGuid():N}");
        var deadFolder = folder.File($".unit.tmp-{dead}-{Guid.NewGuid():N}");
        var live = folder.File($"other.npy.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var foreign = folder.File("notes.tmp-1-keep");                             // not a name of ours
        File.WriteAllText(deadFile, "half");
        Directory.CreateDirectory(deadFolder);
        File.WriteAllText(Path.Combine(deadFolder, "P1.npy"), "half");
        File.WriteAllText(live, "in progress");
        File.WriteAllText(foreign, "user file");
        AtomicFile.WriteNewText(folder.File("result.txt"), "--out", "done");
        Assert.False(File.Exists(deadFile));
        Assert.False(Directory.Exists(deadFolder));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(foreign));
    }

    [Fact]
    public void I6_FileUnit_KeepsTheOldUnitWholeUntilCommit_AndMarksTheFolderIncompleteDuringIt()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("a.txt"), "old a");
        File.WriteAllText(folder.File("b.txt"), "old b");
        File.WriteAllText(folder.File("summary.json"), "old");
        using (var unit = new FileUnit(folder.Path, "summary.json"))
        {
            File.WriteAllText(unit.Stage("a.txt"), "new a");
            File.WriteAllText(unit.Stage("b.txt"), "new b");
            // Killed here: the folder still holds the old unit, marker included.
            Assert.Equal(["old a", "old b", "old"], new[] { "a.txt", "b.txt", "summary.json" }.Select(n => File.ReadAllText(folder.File(n))));
            Assert.Throws<InvalidOperationException>(unit.Commit);                 // no marker staged: nothing moves
            Assert.Equal("old a", File.ReadAllText(folder.File("a.txt")));
            File.WriteAllText(unit.Stage("summary.json"), "new");
            unit.Commit();
        }
        Assert.Equal(["new a", "new b", "new"], new[] { "a.txt", "b.txt", "summary.json" }.Select(n => File.ReadAllText(folder.File(n))));
        Assert.Equal(3, Directory.GetFileSystemEntries(folder.Path).Length);     // the staging folder is gone
    }

    [Fact]
    public void I14_StreamedSearchJson_IsByteForByteTheResultsJson()
    {
        var database = ThreeCodes("db");
        var queries = HashCodes.From([1f, 1f, 1f, 1f, -1f, -1f, -1f, -1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f, 1f], 2, 8);
        var whole = CodeSearch.Run(database, queries, ["row 0", "row 1"], top: 5);
        using var streamed = new MemoryStream();
        CodeSearch.WriteJson(database, queries, 5, streamed);
        Assert.Equal(whole.ToJson() + "\n", System.Text.Encoding.UTF8.GetString(streamed.ToArray()));
        using var written = new MemoryStream();
        whole.WriteJson(written);
        Assert.Equal(whole.ToJson() + "\n", System.Text.Encoding.UTF8.GetString(written.ToArray()));
        using var json = JsonDocument.Parse(streamed.ToArray());
        Assert.Equal(3, json.RootElement.GetProperty("queries")[1].GetProperty("hits").GetArrayLength());
    }
}
