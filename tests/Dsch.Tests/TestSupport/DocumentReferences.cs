using System.Text;
using System.Text.RegularExpressions;

namespace Dsch.Tests.TestSupport;

/// <summary>A reference to a document that does not resolve: where it is written and what it names.</summary>
public sealed record BrokenReference(string File, int Line, string Target, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => $"{File}:{Line}: {Target} ({Reason})";
}

/// <summary>
/// Finds references to documents that a reader of the repository could not follow: relative Markdown links
/// whose file (or <c>#section</c>) is missing, <c>*.md</c> names in sources and documents that resolve neither
/// from the repository root nor from the folder of the file that names them, and quoted section names after such a
/// name (<c>docs/method.md, "E-step"</c>) that begin no heading of the file.
/// </summary>
public static partial class DocumentReferences
{
    /// <summary>Names the code writes into its output folders; they are not documents of the repository.</summary>
    static readonly HashSet<string> OutputNames = ["summary.md", "tables.md"];

    static readonly HashSet<string> SkippedFolders = ["bin", "obj", ".git", ".cache", "runs", "artifacts", "TestResults", "node_modules"];

    static readonly string[] NamingExtensions = [".cs", ".py", ".md", ".sh", ".csproj", ".props", ".targets", ".ipynb"];

    /// <summary>Every broken reference under <paramref name="root"/>, and how many references were checked.</summary>
    public static (IReadOnlyList<BrokenReference> Broken, int Checked) Find(string root)
    {
        var broken = new List<BrokenReference>();
        int checkedCount = 0;
        foreach (var file in Files(root))
        {
            string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            string folder = Path.GetDirectoryName(file)!;
            var lines = File.ReadAllLines(file);
            bool markdown = file.EndsWith(".md", StringComparison.Ordinal);
            bool fenced = false;
            for (int i = 0; i < lines.Length; i++)
            {
                if (markdown && lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal)) { fenced = !fenced; continue; }
                if (markdown && !fenced)
                    foreach (Match link in MarkdownLink().Matches(lines[i]))
                    {
                        checkedCount++;
                        if (CheckLink(root, file, link.Groups[1].Value) is { } reason)
                            broken.Add(new BrokenReference(relative, i + 1, link.Groups[1].Value, reason));
                    }
                // In Markdown, link targets were checked above; the names left are those in the text.
                string text = markdown ? MarkdownLink().Replace(lines[i], m => m.Value[..(m.Value.IndexOf(']') + 1)]) : lines[i];
                foreach (Match name in MarkdownName().Matches(text))
                {
                    string target = name.Groups[1].Value;
                    if (OutputNames.Contains(target)) continue;
                    checkedCount++;
                    string? resolved = new[] { Path.Combine(root, target), Path.Combine(folder, target) }
                        .FirstOrDefault(candidate => Inside(root, candidate) && File.Exists(candidate));
                    if (resolved is null)
                        broken.Add(new BrokenReference(relative, i + 1, target, "no such file from the repository root or from this file's folder"));
                    // A quoted section after the name — docs/method.md, "E-step" — must begin a heading of that file.
                    else if (QuotedSection().Match(text[(name.Index + name.Length)..]) is { Success: true } quoted
                             && !Headings(resolved).Any(h => h.StartsWith(quoted.Groups[1].Value, StringComparison.Ordinal)))
                        broken.Add(new BrokenReference(relative, i + 1, $"{target} \"{quoted.Groups[1].Value}\"", "no heading begins so"));
                }
            }
        }
        return (broken, checkedCount);
    }

    /// <summary>Null when <paramref name="target"/>, written in <paramref name="file"/>, resolves; otherwise why not.</summary>
    static string? CheckLink(string root, string file, string target)
    {
        if (Scheme().IsMatch(target)) return null;                               // https:, mailto: … — not ours to check
        int hash = target.IndexOf('#');
        string path = hash < 0 ? target : target[..hash];
        string? section = hash < 0 ? null : target[(hash + 1)..];
        string resolved = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(path)));
        if (!Inside(root, resolved)) return "points outside the repository";
        if (!File.Exists(resolved) && !Directory.Exists(resolved)) return "no such file or folder";
        if (section is null || !resolved.EndsWith(".md", StringComparison.Ordinal)) return null;
        return HeadingAnchors(resolved).Contains(section) ? null : $"no heading with anchor #{section} in {Path.GetFileName(resolved)}";
    }

    /// <summary>The heading texts of a Markdown file (outside code fences, links reduced to their text).</summary>
    public static IEnumerable<string> Headings(string markdownFile)
    {
        bool fenced = false;
        foreach (var line in File.ReadLines(markdownFile))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { fenced = !fenced; continue; }
            var heading = Heading().Match(line);
            if (!fenced && heading.Success)
                yield return MarkdownLink().Replace(heading.Groups[1].Value, m => m.Value[1..m.Value.IndexOf(']')]);
        }
    }

    /// <summary>The anchors GitHub gives the headings of a Markdown file (lower case, punctuation dropped, spaces → '-', repeats numbered).</summary>
    public static HashSet<string> HeadingAnchors(string markdownFile)
    {
        var anchors = new HashSet<string>();
        var seen = new Dictionary<string, int>();
        foreach (var text in Headings(markdownFile))
        {
            var slug = new StringBuilder();
            foreach (char c in text.Trim().ToLowerInvariant())
                if (char.IsLetterOrDigit(c) || c is '-' or '_') slug.Append(c);
                else if (c == ' ') slug.Append('-');
            string anchor = slug.ToString();
            int repeat = seen.GetValueOrDefault(anchor);
            seen[anchor] = repeat + 1;
            anchors.Add(repeat == 0 ? anchor : $"{anchor}-{repeat}");
        }
        return anchors;
    }

    static IEnumerable<string> Files(string root)
    {
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            string folder = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(folder))
            {
                string name = Path.GetFileName(sub);
                bool localResults = Path.GetFileName(folder) == "results" && folder == Path.Combine(root, "results") && name is not ("reference" or "studies");
                if (!SkippedFolders.Contains(name) && !localResults) pending.Push(sub);
            }
            foreach (var file in Directory.EnumerateFiles(folder))
                if (NamingExtensions.Any(e => file.EndsWith(e, StringComparison.Ordinal)) || Path.GetFileName(file) is "dsch" or "run")
                    yield return file;
        }
    }

    static bool Inside(string root, string path)
    {
        string full = Path.GetFullPath(path);
        string prefix = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return full.StartsWith(prefix, StringComparison.Ordinal) || full == prefix.TrimEnd(Path.DirectorySeparatorChar);
    }

    /// <summary><c>[text](target)</c> or <c>[text](target "title")</c>; group 1 is the target.</summary>
    [GeneratedRegex(@"\[[^\]]*\]\(([^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();

    /// <summary>A path ending in <c>.md</c> that is not part of a longer path or URL; group 1 is the path.</summary>
    [GeneratedRegex(@"(?<![\w/.<>:-])((?:\.\./|[\w.-]+/)*[\w-][\w.-]*\.md)(?![\w/])")]
    private static partial Regex MarkdownName();

    /// <summary>A quoted section name right after a document's name: <c>, "E-step"</c> or <c> ("Splits")</c>; group 1 is the name.</summary>
    [GeneratedRegex(@"^[ ,(]{1,3}""([^""]+)""")]
    private static partial Regex QuotedSection();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^#{1,6}\s+(.*?)\s*#*\s*$")]
    private static partial Regex Heading();
}
