using System.Text.RegularExpressions;
using Dsch.Data;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Repository;

/// <summary>
/// The <c>dsch</c> launcher cannot read C#, so it repeats where Fashion-MNIST is looked for (<c>fashion_mnist_present</c>)
/// and which package installs it: the script's folders, marker file and package must be the descriptor's.
/// </summary>
public class DatasetScriptTests
{
    static string Script => File.ReadAllText(Path.Combine(CliProcess.RepositoryRoot, "dsch"));

    /// <summary>The body of the shell function <paramref name="name"/> (from its opening line to the first line that is only "}").</summary>
    static string Function(string script, string name)
    {
        var match = Regex.Match(script, $@"^{Regex.Escape(name)}\(\) \{{\n(?<body>.*?)^\}}$", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(match.Success, $"dsch: no function {name}");
        return match.Groups["body"].Value;
    }

    /// <summary>The quoted folders the function adds to <c>dirs</c>, in the order it adds them.</summary>
    static List<string> Folders(string body) =>
        [.. Regex.Matches(body, @"dirs\+?=\((?<items>[^)]*)\)").SelectMany(m => Regex.Matches(m.Groups["items"].Value, "\"(?<dir>[^\"]+)\"").Select(d => d.Groups["dir"].Value))];

    [Fact]
    public void FashionMnistPresent_SearchesTheDescriptorsFolders_InItsOrder()
    {
        var body = Function(Script, "fashion_mnist_present");
        var expected = DatasetLocator.Candidates(DatasetRegistry.FashionMnist, "$DSCH_DATA", "$ROOT").ToList();
        Assert.Equal(expected, Folders(body));
        Assert.Contains("[[ -n \"${DSCH_DATA:-}\" ]] && dirs+=(\"$DSCH_DATA/", body);    // the variable's folder only when it is set, as in C#
    }

    [Fact]
    public void FashionMnistPresent_LooksForTheDescriptorsMarkerFile()
    {
        var body = Function(Script, "fashion_mnist_present");
        var markers = Regex.Matches(body, "-f \"\\$d/(?<file>[^\"]+)\"").Select(m => m.Groups["file"].Value).ToList();
        Assert.Equal(DatasetRegistry.FashionMnist.MarkerFiles, markers);
    }

    [Fact]
    public void EnsureFashionMnist_InstallsTheDescriptorsPackage()
    {
        var packages = Regex.Matches(Function(Script, "ensure_fashion_mnist"), @"apt-get install -y(?: -qq)? (?<package>[\w.-]+)")
            .Select(m => m.Groups["package"].Value).Distinct().ToList();
        var package = Assert.Single(packages);
        Assert.Contains($"apt-get install {package}'", DatasetRegistry.FashionMnist.Install);
    }

    [Fact]
    public void Folders_ReadsEveryQuotedFolderOfTheArray_SoTheTestsAboveCanFail()
    {
        Assert.Equal(["$A/x", "/b", "$C/d"], Folders("local dirs=(\"$A/x\" \"/b\")\n  [[ -n x ]] && dirs+=(\"$C/d\")\n"));
        Assert.Empty(Folders("local dirs=()\n"));
    }
}
