using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Repository;

/// <summary>Every document the repository names is in the repository, at the section the link names.</summary>
public class DocumentLinkTests
{
    const string ThisFile = "tests/Dsch.Tests/Repository/DocumentLinkTests.cs";

    [Fact]
    public void EveryRelativeLinkAndEveryNamedMarkdownFile_ResolvesInTheRepository()
    {
        var (found, checkedCount) = DocumentReferences.Find(CliProcess.RepositoryRoot);
        var broken = found.Where(b => b.File != ThisFile).ToList();   // the fixture below names missing documents on purpose
        Assert.True(checkedCount > 50, $"only {checkedCount} references found: is the scan looking in the right place?");
        Assert.True(broken.Count == 0, "unresolved references:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void Checker_FlagsMissingFilesSectionsAndBareNames_ButNotWhatResolves()
    {
        using var repository = new TempDirectory();
        Directory.CreateDirectory(repository.File("docs"));
        Directory.CreateDirectory(repository.File("src"));
        File.WriteAllText(repository.File("docs/method.md"), "# Method\n## E-step (`EStep.Discover`)\n```\n## not a heading\n```\n");
        File.WriteAllText(repository.File("README.md"),
            "[ok](docs/method.md#e-step-estepdiscover) [gone](docs/missing.md) [section](docs/method.md#m-step)\n"
            + "[code](docs/method.md#not-a-heading) [web](https://example.org/x.md) [folder](src/)\n");
        File.WriteAllText(repository.File("src/A.cs"),
            "/// See method.md and docs/method.md; writes summary.md.\n/// (docs/method.md, \"E-step\") (docs/method.md, \"M-step\")\n");

        var (broken, _) = DocumentReferences.Find(repository.Path);

        Assert.Equal(
            ["README.md:1: docs/method.md#m-step", "README.md:1: docs/missing.md", "README.md:2: docs/method.md#not-a-heading", "src/A.cs:1: method.md",
             "src/A.cs:2: docs/method.md \"M-step\""],
            broken.Select(b => $"{b.File}:{b.Line}: {b.Target}").Order(StringComparer.Ordinal).ToArray());
    }
}
