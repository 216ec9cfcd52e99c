using System.Text;

namespace Dsch;

/// <summary>
/// Paths and other user text as they may appear in a one-line message: control characters shown as escapes and
/// at most <see cref="MaxQuoted"/> characters (head … tail), so a hostile 10 MB path cannot flood stderr. It sits in the
/// root namespace beside <see cref="InvalidInputException"/>, whose messages quote paths with it.
/// </summary>
public static class PathText
{
    /// <summary>Longest path quoted in a message; longer ones keep their start and end.</summary>
    public const int MaxQuoted = 200;

    /// <summary><paramref name="text"/> made printable (control characters as <c>\xNN</c>) and cut to <see cref="MaxQuoted"/> characters.</summary>
    public static string Quote(string text)
    {
        string shown = text.Length > MaxQuoted
            ? $"{text[..(MaxQuoted / 2 - 1)]}…{text[^(MaxQuoted / 2 - 1)..]} ({text.Length:N0} characters)"
            : text;
        if (!shown.Any(char.IsControl)) return shown;
        var escaped = new StringBuilder(shown.Length + 8);
        foreach (char c in shown) escaped.Append(char.IsControl(c) ? $"\\x{(int)c:X2}" : c);
        return escaped.ToString();
    }

    /// <summary>Throws when <paramref name="text"/> holds a NUL or another control character (never part of a real file name).</summary>
    /// <param name="text">The path as given.</param>
    /// <param name="where">The file (and line) or option it came from, for the message.</param>
    public static void RefuseControlCharacters(string text, string where)
    {
        int bad = text.AsSpan().IndexOfAnyInRange('\0', '\x1f');
        if (bad < 0) bad = text.IndexOf('\x7f');
        if (bad >= 0)
            throw new InvalidInputException($"{where}: path '{Quote(text)}' holds the control character \\x{(int)text[bad]:X2} at position {bad}");
    }
}
