using System.Text.RegularExpressions;

namespace Dsch.Cli.Notebooks;

/// <summary>
/// The assemblies the notebook host gives every kernel: those a notebook's setup cell <c>#r</c>s.
/// The host references its own loaded copies, so a notebook never loads a second TorchSharp or FSharp.Core.
/// </summary>
static partial class HostAssemblies
{
    static readonly string[] Names =
    [
        "Dsch.Interactive", "Dsch.Reporting", "Dsch.Lib", "TorchSharp", "Plotly.NET", "Plotly.NET.CSharp", "Deedle", "FSharp.Core", "SixLabors.ImageSharp", "DynamicObj",
        "Giraffe.ViewEngine",
    ];

    /// <summary>Full paths of the provided assemblies, from this process's own folder.</summary>
    public static IEnumerable<string> Paths =>
        Names.Select(name => Path.Combine(AppContext.BaseDirectory, name + ".dll")).Where(File.Exists);

    /// <summary>Removes <c>#r "path/Name.dll"</c> lines whose assembly the host already provides.</summary>
    public static string StripProvidedReferences(string code) => ReferenceLine().Replace(code, match =>
        Names.Contains(Path.GetFileNameWithoutExtension(match.Groups["path"].Value), StringComparer.OrdinalIgnoreCase)
            ? "// (provided by the dsch notebook host) " + match.Value.TrimStart()
            : match.Value);

    [GeneratedRegex("""^[ \t]*#r[ \t]+"(?<path>[^"]+\.dll)"[ \t]*$""", RegexOptions.Multiline)]
    private static partial Regex ReferenceLine();
}
