using Dsch.IO;

namespace Dsch.Inference;

/// <summary>
/// The image files under a folder, in sub-folders too, found by a bounded walk that is safe against symlink loops:
/// every folder is entered once by its canonical path (<see cref="PosixFile.RealPath"/>), so a link back to a folder
/// already walked adds nothing, and the walk stops with an error past <see cref="MaxFiles"/> files or
/// <see cref="MaxDepth"/> levels. A name that cannot be carried through an ids file — holding a newline or another
/// control character, or bytes that are not UTF-8 (which .NET's own enumeration leaves out without a word, so the
/// folder is read with <see cref="PosixDirectory"/>) — is refused naming it, never dropped in silence.
/// </summary>
internal static class ImageFolderWalk
{
    /// <summary>Most entries (files and folders) looked at in one walk.</summary>
    public const int MaxFiles = 10_000_000;

    /// <summary>Deepest folder level entered.</summary>
    public const int MaxDepth = 256;

    /// <summary>Absolute paths of the files under <paramref name="folder"/> whose ending is one of <paramref name="extensions"/>, sorted ordinally.</summary>
    public static string[] Find(string folder, IReadOnlyCollection<string> extensions, string option)
    {
        var found = new List<string>();
        var entered = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(string Path, int Depth)>();
        pending.Push((Path.GetFullPath(folder), 0));
        long seen = 0;
        while (pending.Count > 0)
        {
            var (directory, depth) = pending.Pop();
            if (PosixFile.RealPath(directory) is not { } canonical || !entered.Add(canonical)) continue;
            if (depth > MaxDepth)
                throw new InvalidInputException($"{option} {PathText.Quote(folder)}: folders nested deeper than {MaxDepth} levels at {PathText.Quote(directory)}");
            foreach (var name in PosixDirectory.Names(directory, $"{option} {PathText.Quote(folder)}"))
            {
                if (++seen > MaxFiles)
                    throw new InvalidInputException($"{option} {PathText.Quote(folder)}: more than {MaxFiles:N0} entries; give a list file of the images instead");
                var path = Path.Combine(directory, Carriable(name, directory, option));
                var kind = PosixFile.KindOf(path);                                 // symlinks followed
                if (kind == PosixFile.Kind.Directory) pending.Push((path, depth + 1));
                else if (kind == PosixFile.Kind.Regular && extensions.Contains(Path.GetExtension(path).ToLowerInvariant())) found.Add(path);
            }
        }
        return [.. found.Order(StringComparer.Ordinal)];
    }

    static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The name as text, or an error naming it (invalid bytes shown as <c>\xNN</c>) when no ids file could carry it.</summary>
    static string Carriable(byte[] name, string directory, string option)
    {
        string text;
        try { text = StrictUtf8.GetString(name); }
        catch (System.Text.DecoderFallbackException)
        {
            var shown = string.Concat(name.Select(b => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}"));
            throw new InvalidInputException($"{option}: the name '{shown}' in {PathText.Quote(directory)} is not valid UTF-8; rename the file");
        }
        PathText.RefuseControlCharacters(Path.Combine(directory, text), option);
        return text;
    }
}
