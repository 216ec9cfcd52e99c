using Dsch.IO;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void Write_ReplacesContent_AndLeavesNoTemporaryFiles()
    {
        using var folder = new TempDirectory();
        var path = folder.File("a/b/result.json");
        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second");
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void FailedWrite_KeepsThePreviousFile_AndLeavesNoTemporaryFiles()
    {
        using var folder = new TempDirectory();
        var path = folder.File("result.bin");
        AtomicFile.WriteAllText(path, "good");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.WriteByte(1);
            throw new IOException("disk full (simulated)");
        }));
        Assert.Equal("good", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder.Path));
    }
}
