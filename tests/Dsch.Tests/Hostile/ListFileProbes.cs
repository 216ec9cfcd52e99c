using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Hostile;

/// <summary>
/// Hostile image lists (<c>database.txt</c>/<c>test.txt</c>/<c>train.txt</c> handed over with a dataset): each is refused
/// with exit 2 and one line, promptly and with bounded memory. Probes F1, F2, F7 and the path rules of issue 16.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class ListFileProbes
{
    static CliResult Info(string root, params string[] extra) =>
        HostileInput.Run([.. new[] { "data", "info", "--dataset", "imagelist", "--root", root }, .. extra]);

    [Fact]
    public void F1_ListFileSymlinkedToDevZero_IsRefusedAsADevice_NotReadForever()
    {
        using var data = new TempDirectory();
        HostileInput.WriteImageList(data.Path);
        File.Delete(data.File("database.txt"));
        File.CreateSymbolicLink(data.File("database.txt"), "/dev/zero");
        HostileInput.AssertRefused(Info(data.Path), "database.txt", "device");
    }

    [Fact]
    public void F1_ListFileThatIsAFifo_IsRefused_WithoutBlocking()
    {
        using var data = new TempDirectory();
        HostileInput.WriteImageList(data.Path);
        File.Delete(data.File("test.txt"));
        HostileInput.MakeFifo(data.File("test.txt"));
        HostileInput.AssertRefused(Info(data.Path), "test.txt", "FIFO");
    }

    [Fact]
    public void ListLineOf10MB_IsRefusedAtItsLineNumber_AndTheMessageStaysShort()
    {
        using var data = new TempDirectory();
        HostileInput.WriteImageList(data.Path);
        File.AppendAllText(data.File("database.txt"), new string('a', 10 << 20) + " 1 0 0\n");
        HostileInput.AssertRefused(Info(data.Path), "database.txt", "line 7", "longer than");
    }

    [Fact]
    public void LongPathInAList_IsQuotedShortened_NotEchoedWhole()
    {
        using var data = new TempDirectory();
        HostileInput.WriteImageList(data.Path);
        HostileInput.ReplaceLine(data.File("database.txt"), 0, "img/" + new string('x', 60_000) + ".png 1 0 0");
        HostileInput.AssertRefused(Info(data.Path), "database.txt", "…");
    }

    [Theory]
    [InlineData("./img/1.png")]
    [InlineData("img//1.png")]
    [InlineData("img/../img/1.png")]
    [InlineData("ABSOLUTE")]
    public void F2_QueryThatIsADatabaseImageUnderAnotherSpelling_IsRefused(string spelling)
    {
        using var data = new TempDirectory();
        HostileInput.WriteImageList(data.Path);
        var path = spelling == "ABSOLUTE" ? data.File("img/1.png") : spelling;
        HostileInput.ReplaceLine(data.File("test.txt"), 0, $"{path} 0 1 0");        // img/1.png is database line 2, labels 0 1 0
        HostileInput.AssertRefused(Info(data.Path), "test.txt", "disjoint");
    }

    [Fact]
    public void F2_OneImageListedTwiceInAFileUnderTwoSpellings_IsRefused()
    {
        using var data = new TempDirectory();
        HostileInput.WriteImageList(data.Path);
        HostileInput.ReplaceLine(data.File("database.txt"), 1, "./img/0.png 1 0 0");
        HostileInput.AssertRefused(Info(data.Path), "database.txt", "line 2", "listed twice");
    }

    [Fact]
    public void F7_NulByteInAListPath_IsRefusedAsAControlCharacter()
    {
        using var data = new TempDirectory();
        HostileInput.WriteImageList(data.Path);
        HostileInput.ReplaceLine(data.File("database.txt"), 0, "img/0\0.png 1 0 0");
        HostileInput.AssertRefused(Info(data.Path), "database.txt", "line 1", "control character");
    }

    [Theory]
    [InlineData("dotdot")]
    [InlineData("absolute")]
    [InlineData("symlink")]
    public void ListPathEscapingTheRoot_IsRefused_UnlessTheUserOptsIn(string escape)
    {
        using var outside = new TempDirectory();
        using var data = new TempDirectory();
        HostileInput.WriteImageList(data.Path);
        Tests.Data.DataFixtures.WritePng(outside.File("secret.png"), 3);
        string entry = escape switch
        {
            "dotdot" => Path.GetRelativePath(data.Path, outside.File("secret.png")),
            "absolute" => outside.File("secret.png"),
            _ => "img/link.png",
        };
        if (escape == "symlink") File.CreateSymbolicLink(data.File("img/link.png"), outside.File("secret.png"));
        HostileInput.ReplaceLine(data.File("database.txt"), 0, $"{entry} 1 0 0");

        HostileInput.AssertRefused(Info(data.Path), "database.txt", "line 1", "outside the dataset root", "--allow-outside-root");
        var accepted = Info(data.Path, "--allow-outside-root");
        Assert.True(accepted.ExitCode == 0, accepted.Stderr + accepted.Stdout);
    }

    [Fact]
    public void ListedImageThatIsADirectory_IsReportedAsADirectory()
    {
        using var data = new TempDirectory();
        HostileInput.WriteImageList(data.Path);
        HostileInput.ReplaceLine(data.File("database.txt"), 0, "img 1 0 0");
        HostileInput.AssertRefused(Info(data.Path), "line 1", "is a directory");
    }
}
