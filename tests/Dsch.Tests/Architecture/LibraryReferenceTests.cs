using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Architecture;

/// <summary>
/// Dsch.Lib carries the algorithm and needs TorchSharp and ImageSharp, nothing for display (CONTRIBUTING.md, "Layers",
/// Assemblies): read from the compiled library, its project file and its restored package graph. And the assemblies
/// reference each other one way: Lib ← Reporting ← Interactive / Cli.
/// </summary>
public class LibraryReferenceTests
{
    /// <summary>Packages (and their assemblies) of charts, frames and notebook hosts.</summary>
    static readonly string[] Display = ["Plotly.NET", "Deedle", "FSharp.Core", "ScottPlot", "SkiaSharp", "Microsoft.DotNet.Interactive", "Giraffe", "DynamicObj"];

    static readonly Assembly Library = typeof(InvalidInputException).Assembly;
    static readonly Assembly Reporting = typeof(Dsch.Notebooks.Lab).Assembly;

    static string SourceFolder(string project) => Path.Combine(CliProcess.RepositoryRoot, "src", project);

    static bool IsDisplay(string name) => Display.Any(d => name.Equals(d, StringComparison.OrdinalIgnoreCase) || name.StartsWith(d + ".", StringComparison.OrdinalIgnoreCase));

    static string[] ReferencedAssemblies(Assembly assembly) => [.. assembly.GetReferencedAssemblies().Select(a => a.Name!)];

    /// <summary>(element, Include) of every PackageReference or ProjectReference in a project file.</summary>
    static (string Kind, string Include)[] ProjectItems(string project) =>
        [.. XDocument.Load(Path.Combine(SourceFolder(project), project + ".csproj")).Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference")
            .Select(e => (e.Name.LocalName, (string)e.Attribute("Include")!))];

    [Fact]
    public void CompiledLibrary_ReferencesNoDisplayAssembly()
    {
        var display = ReferencedAssemblies(Library).Where(IsDisplay).ToList();
        Assert.True(display.Count == 0, "Dsch.Lib.dll references " + string.Join(", ", display));
    }

    [Fact]
    public void LibraryProject_HasNoDisplayPackage_AndNoProjectReference()
    {
        var items = ProjectItems("Dsch.Lib");
        Assert.Contains(("PackageReference", "TorchSharp"), items);                        // the reader sees the file's items
        var display = items.Where(i => i.Kind == "PackageReference" && IsDisplay(i.Include)).ToList();
        Assert.True(display.Count == 0, "src/Dsch.Lib/Dsch.Lib.csproj references " + string.Join(", ", display.Select(d => d.Include)));
        Assert.DoesNotContain(items, i => i.Kind == "ProjectReference");
    }

    [Fact]
    public void LibraryPackageGraph_PullsInNoDisplayPackage_ExceptTorchSharpsOwnSkiaSharp()
    {
        // TorchSharp depends on SkiaSharp for torchvision's image I/O; that is the algorithm's dependency, not display.
        var assets = Path.Combine(SourceFolder("Dsch.Lib"), "obj", "project.assets.json");
        using var document = JsonDocument.Parse(File.ReadAllText(assets));
        var packages = document.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name.Split('/')[0]).ToList();
        Assert.Contains("TorchSharp", packages);
        var display = packages.Where(p => IsDisplay(p) && !p.StartsWith("SkiaSharp", StringComparison.Ordinal)).ToList();
        Assert.True(display.Count == 0, $"{assets}: Dsch.Lib pulls in " + string.Join(", ", display));
    }

    [Fact]
    public void Reporting_ReferencesTheLibrary_AndTheDisplayPackages_ButNoAssemblyAboveIt()
    {
        var references = ReferencedAssemblies(Reporting);
        Assert.Contains("Dsch.Lib", references);
        Assert.Contains(references, IsDisplay);                                            // the check above can see a display reference
        Assert.DoesNotContain("Dsch.Interactive", references);
        Assert.DoesNotContain("Dsch.Cli", references);
        Assert.DoesNotContain(ProjectItems("Dsch.Reporting"), i => i.Kind == "ProjectReference" && !i.Include.EndsWith("Dsch.Lib.csproj", StringComparison.Ordinal));
    }

    [Fact]
    public void Library_ReferencesNoDschAssembly_AndInteractiveSitsOnReporting()
    {
        Assert.DoesNotContain(ReferencedAssemblies(Library), name => name.StartsWith("Dsch.", StringComparison.Ordinal));
        var interactive = ReferencedAssemblies(typeof(Dsch.Interactive.NotebookDisplay).Assembly);
        Assert.Contains("Dsch.Reporting", interactive);
        Assert.DoesNotContain("Dsch.Cli", interactive);
    }
}
