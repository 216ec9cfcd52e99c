using System.Text.RegularExpressions;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Architecture;

/// <summary>
/// The folders of Dsch.Lib form layers without a cycle (CONTRIBUTING.md, "Layers"): read from the compiled library, so
/// a <c>using</c> line nothing needs does not count and a fully qualified name does.
/// </summary>
public class NamespaceCycleTests
{
    static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyDictionary<string, TypeUse>>> Library =
        new(() => NamespaceGraph.Read(typeof(InvalidInputException).Assembly.Location));

    [Fact]
    public void Library_HasNoCycleBetweenItsFolders()
    {
        var cycles = CycleFinder.Find(Edges(Library.Value));
        Assert.True(cycles.Count == 0, "namespace cycles in Dsch.Lib:\n" + string.Join("\n", cycles.Select(c => Describe(c, Library.Value))));
    }

    [Fact]
    public void Reporting_HasNoCycleBetweenItsFolders()
    {
        var reporting = NamespaceGraph.Read(typeof(Dsch.Notebooks.Lab).Assembly.Location);
        Assert.Contains("Dsch.Experiments", reporting["Dsch.Notebooks"].Keys);        // Lab's charts come from Experiments' Charts
        var cycles = CycleFinder.Find(Edges(reporting));
        Assert.True(cycles.Count == 0, "namespace cycles in Dsch.Reporting:\n" + string.Join("\n", cycles.Select(c => Describe(c, reporting))));
    }

    [Fact]
    public void Library_FoldersFollowTheOrderContributingDocuments()
    {
        var documented = DocumentedLayers();
        var folders = Library.Value.Keys.Concat(Library.Value.Values.SelectMany(v => v.Keys)).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(folders, documented.Order(StringComparer.Ordinal).ToArray());
        var upward = Library.Value
            .SelectMany(from => from.Value.Where(to => documented.IndexOf(to.Key) > documented.IndexOf(from.Key))
                .Select(to => $"{from.Key} uses {to.Key}, listed after it ({to.Value.User} names {to.Value.Used})"))
            .ToList();
        Assert.True(upward.Count == 0, "CONTRIBUTING.md's layer order is broken:\n" + string.Join("\n", upward));
    }

    [Fact]
    public void Reader_SeesUsesThroughSignaturesCallsAndGenericArguments()
    {
        var training = Library.Value["Dsch.Training"];
        Assert.Contains("Dsch.Components", training.Keys);              // TrainingOptions holds ComponentOptions
        Assert.Contains("Dsch.IO", training.Keys);                      // only calls: Checkpoint, MetricsLog and RunConfig write with AtomicFile
        Assert.Contains("Dsch.Training", Library.Value["Dsch.Experiments"].Keys);
        Assert.DoesNotContain("Dsch.Experiments", Library.Value["Dsch.Training"].Keys);
    }

    [Fact]
    public void Reader_FindsACycleCompiledIntoAnAssembly()
    {
        // The examples below: Low names High only inside a lambda, High names Low only as a generic argument of a local.
        const string examples = "Dsch.Tests.Architecture.LayerExamples.";
        var graph = NamespaceGraph.Read(typeof(NamespaceCycleTests).Assembly.Location,
            ns => ns.StartsWith(examples, StringComparison.Ordinal) ? ns : null);
        Assert.Equal(["Dsch.Tests.Architecture.LayerExamples.High", "Dsch.Tests.Architecture.LayerExamples.Low"], graph.Keys.Order(StringComparer.Ordinal).ToArray());
        var cycle = Assert.Single(CycleFinder.Find(Edges(graph)));
        Assert.Equal([examples + "High", examples + "Low", examples + "High"], cycle);
        Assert.Equal(examples + "Low.Thing", graph[examples + "High"][examples + "Low"].Used);
    }

    [Fact]
    public void Finder_NamesEachCycle_AndIgnoresEdgesToItself()
    {
        var graph = Graph(("A", ["B"]), ("B", ["C"]), ("C", ["A", "D"]), ("D", []), ("E", ["E"]), ("G", ["F"]), ("F", ["G", "D"]));
        var cycles = CycleFinder.Find(graph).Select(c => string.Join(" → ", c)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["A → B → C → A", "F → G → F"], cycles);
        Assert.Null(CycleFinder.LayerOrder(graph));
    }

    [Fact]
    public void Finder_FindsNoCycle_InALayeredGraph_AndOrdersItLowestFirst()
    {
        var graph = Graph(("App", ["Domain", "IO"]), ("Domain", ["IO"]), ("IO", []), ("Tools", ["IO"]));
        Assert.Empty(CycleFinder.Find(graph));
        Assert.Equal(["IO", "Domain", "App", "Tools"], CycleFinder.LayerOrder(graph));
    }

    /// <summary>The numbered list under "## Layers" in CONTRIBUTING.md, as namespaces (<c>Dsch</c>, <c>Dsch.IO</c>, …).</summary>
    static List<string> DocumentedLayers()
    {
        var text = File.ReadAllText(Path.Combine(CliProcess.RepositoryRoot, "CONTRIBUTING.md"));
        var section = Regex.Match(text, @"^## Layers\n(?<body>.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(section.Success, "CONTRIBUTING.md has no \"## Layers\" section");
        var layers = Regex.Matches(section.Groups["body"].Value, @"^\d+\. `(\w+)`", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value == "Dsch" ? "Dsch" : "Dsch." + m.Groups[1].Value).ToList();
        Assert.True(layers.Count > 5, $"CONTRIBUTING.md's layer list has {layers.Count} entries");
        return layers;
    }

    static IReadOnlyDictionary<string, IReadOnlyCollection<string>> Edges(IReadOnlyDictionary<string, IReadOnlyDictionary<string, TypeUse>> graph) =>
        graph.ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)g.Value.Keys.ToArray());

    static IReadOnlyDictionary<string, IReadOnlyCollection<string>> Graph(params (string Node, string[] Targets)[] edges) =>
        edges.ToDictionary(e => e.Node, e => (IReadOnlyCollection<string>)e.Targets);

    static string Describe(IReadOnlyList<string> cycle, IReadOnlyDictionary<string, IReadOnlyDictionary<string, TypeUse>> graph) =>
        string.Join(" → ", cycle) + ": " + string.Join("; ", cycle.Zip(cycle.Skip(1))
            .Select(step => $"{graph[step.First][step.Second].User} names {graph[step.First][step.Second].Used}"));
}
