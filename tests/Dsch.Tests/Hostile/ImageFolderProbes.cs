using System.Diagnostics;
using Dsch.Tests.Data;
using Dsch.Tests.Inference;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Hostile;

/// <summary>
/// <c>encode --images DIR</c> walks the folder once, whatever its symlinks, and refuses names it could not carry through
/// an ids file instead of dropping them (issue 27, item 9).
/// </summary>
[Collection(TrainedRunsCollection.Name)]
[Trait(TestCategory.Key, TestCategory.Slow)]
public class ImageFolderProbes(TrainedRunsFixture runs)
{
    static string TwoImages(TempDirectory parent)
    {
        var images = parent.File("images");
        DataFixtures.WritePng(Path.Combine(images, "a.png"), 1);
        DataFixtures.WritePng(Path.Combine(images, "sub", "b.png"), 2);
        return images;
    }

    [Fact]
    public void SymlinkLoops_AreWalkedOnce_EachImageOneRow()
    {
        using var parent = new TempDirectory();
        var images = TwoImages(parent);
        Directory.CreateSymbolicLink(Path.Combine(images, "loop"), images);                 // the folder inside itself
        Directory.CreateSymbolicLink(Path.Combine(images, "sub", "up"), images);           // a second loop through the sub-folder
        Directory.CreateSymbolicLink(Path.Combine(images, "sub", "self"), Path.Combine(images, "sub"));
        var result = HostileInput.Run("encode", "--run", runs.Run16, "--images", images, "--out", parent.File("codes.npy"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(2, File.ReadAllLines(parent.File("codes.ids.txt")).Length);
    }

    [Fact]
    public void ImageNameWithANewline_IsRefused_NamingIt()
    {
        using var parent = new TempDirectory();
        var images = TwoImages(parent);
        DataFixtures.WritePng(Path.Combine(images, "new\nline.png"), 3);
        var result = HostileInput.Run("encode", "--run", runs.Run16, "--images", images, "--out", parent.File("codes.npy"));
        HostileInput.AssertRefused(result, "--images", "new\\x0Aline.png");
        Assert.False(File.Exists(parent.File("codes.npy")));
    }

    [Fact]
    public void ImageNameThatIsNotUtf8_IsRefused_NamingIt()
    {
        using var parent = new TempDirectory();
        var images = TwoImages(parent);
        // .NET cannot spell a name that is not UTF-8, so the shell copies a.png to "b<0xFF>.png".
        var copy = new ProcessStartInfo("sh") { WorkingDirectory = images };
        copy.ArgumentList.Add("-c");
        copy.ArgumentList.Add("cp a.png \"$(printf 'b\\377.png')\"");
        using (var process = Process.Start(copy)!) { process.WaitForExit(); Assert.Equal(0, process.ExitCode); }
        Assert.Equal(2, Directory.GetFiles(images).Length);                                 // .NET's enumeration does not see the copy
        var result = HostileInput.Run("encode", "--run", runs.Run16, "--images", images, "--out", parent.File("codes.npy"));
        HostileInput.AssertRefused(result, "--images", "b\\xFF.png", "UTF-8");
        Assert.False(File.Exists(parent.File("codes.npy")));
    }
}
