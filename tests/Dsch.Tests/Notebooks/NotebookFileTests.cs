using System.Text.Json;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Notebooks;

/// <summary>The committed .ipynb files are the source: one setup cell for all, no outputs, markdown that renders.</summary>
public class NotebookFileTests
{
    sealed record Cell(string Kind, string Source, JsonElement Raw);

    static IEnumerable<(string Name, Cell[] Cells)> Notebooks()
    {
        var files = Directory.GetFiles(Path.Combine(CliProcess.RepositoryRoot, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(7, files.Length);
        foreach (var file in files)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var cells = document.RootElement.GetProperty("cells").EnumerateArray().Select(c => new Cell(
                c.GetProperty("cell_type").GetString()!,
                string.Concat(c.GetProperty("source").EnumerateArray().Select(line => line.GetString())),
                c.Clone())).ToArray();
            yield return (Path.GetFileName(file), cells);
        }
    }

    [Fact]
    public void EveryNotebook_StartsWithTheSameSetupCell_ThatEnablesTheDisplay()
    {
        var setups = Notebooks().Select(n => (n.Name, Setup: n.Cells.First(c => c.Kind == "code").Source)).ToArray();
        var first = setups[0].Setup;
        Assert.StartsWith("// setup", first);
        Assert.EndsWith("Dsch.Interactive.NotebookDisplay.Enable()", first);
        foreach (var (name, setup) in setups) Assert.True(setup == first, $"{name}: its setup cell differs from {setups[0].Name}'s");
    }

    [Fact]
    public void SetupCell_ReferencesEveryDschAssembly_AndOnlyFilesTheBuildPutsInBinDsch()
    {
        var setup = Notebooks().First().Cells.First(c => c.Kind == "code").Source;
        var references = System.Text.RegularExpressions.Regex.Matches(setup, "^#r \"(?<path>[^\"]+)\"", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups["path"].Value).ToList();
        Assert.Contains("../bin/dsch/Dsch.Lib.dll", references);
        Assert.Contains("../bin/dsch/Dsch.Reporting.dll", references);      // the facade Lab and the charts it returns
        Assert.Contains("../bin/dsch/Dsch.Interactive.dll", references);
        var notebooks = Path.Combine(CliProcess.RepositoryRoot, "notebooks");
        _ = CliProcess.CliPath;                                              // bin/dsch is built (else it says how)
        foreach (var reference in references)
            Assert.True(File.Exists(Path.GetFullPath(Path.Combine(notebooks, reference))), $"setup cell: #r \"{reference}\" is not in the build");
    }

    [Fact]
    public void CommittedNotebooks_CarryNoOutputs()
    {
        foreach (var (name, cells) in Notebooks())
            foreach (var cell in cells.Where(c => c.Kind == "code"))
            {
                Assert.True(cell.Raw.GetProperty("outputs").GetArrayLength() == 0, $"{name}: a cell has outputs: {cell.Source[..Math.Min(60, cell.Source.Length)]}");
                Assert.True(cell.Raw.GetProperty("execution_count").ValueKind == JsonValueKind.Null, $"{name}: a cell has an execution count");
            }
    }

    [Fact]
    public void MarkdownCells_HaveRealLineBreaks_NotALiteralBackslashN()
    {
        foreach (var (name, cells) in Notebooks())
            foreach (var cell in cells.Where(c => c.Kind == "markdown"))
                Assert.False(cell.Source.Contains("\\n"), $"{name}: markdown shows a literal \\n: {cell.Source}");
    }
}
