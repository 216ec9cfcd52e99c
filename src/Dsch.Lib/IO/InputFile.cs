using System.Text;

namespace Dsch.IO;

/// <summary>
/// The one way this project reads a file the user handed over: only regular files (a FIFO, a device, a socket or a
/// directory is refused before it is opened, so nothing blocks or streams forever), with a size limit checked before
/// anything is allocated, and lists read line by line with a limit on a line's length. Every refusal is an
/// <see cref="InvalidInputException"/> naming the path (quoted with <see cref="PathText.Quote"/>).
/// </summary>
public static class InputFile
{
    /// <summary>Default ceiling of <see cref="ReadAllBytes"/>: 2 GiB, the largest .NET array.</summary>
    public const long MaxBytes = int.MaxValue;

    /// <summary>Default ceiling of one line in <see cref="ReadLines"/> (characters).</summary>
    public const int MaxLineCharacters = 64 * 1024;

    /// <summary>Checks that <paramref name="path"/> is an existing regular file (symlinks followed) and returns its length.</summary>
    /// <param name="path">The path as given.</param>
    /// <param name="what">What the file is, for the message ("image list", "codes" …); null: "file".</param>
    public static long RequireRegular(string path, string? what = null)
    {
        PathText.RefuseControlCharacters(path, what ?? "file");
        var kind = PosixFile.KindOf(path);
        if (kind == PosixFile.Kind.Regular) return new FileInfo(path).Length;
        string problem = kind switch
        {
            PosixFile.Kind.Missing => "not found",
            PosixFile.Kind.Directory => "is a directory, expected a file",
            PosixFile.Kind.Fifo => "is a FIFO (named pipe), not a regular file",
            PosixFile.Kind.CharacterDevice or PosixFile.Kind.BlockDevice => "is a device, not a regular file",
            PosixFile.Kind.Socket => "is a socket, not a regular file",
            _ => "is not a regular file",
        };
        throw new InvalidInputException($"{PathText.Quote(path)}: {(what is null ? "" : what + " ")}{problem}");
    }

    /// <summary>True when <paramref name="path"/> is an existing regular file (no exception; for optional files).</summary>
    public static bool IsRegular(string path) =>
        path.AsSpan().IndexOfAnyInRange('\0', '\x1f') < 0 && PosixFile.KindOf(path) == PosixFile.Kind.Regular;

    /// <summary>Opens a regular file for reading (after <see cref="RequireRegular"/>).</summary>
    public static FileStream OpenRead(string path, string? what = null, int bufferSize = 1 << 16)
    {
        RequireRegular(path, what);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new InvalidInputException($"{PathText.Quote(path)}: {what ?? "file"} cannot be read ({e.Message})");
        }
    }

    /// <summary>The bytes of a regular file no longer than <paramref name="maxBytes"/>.</summary>
    public static byte[] ReadAllBytes(string path, long maxBytes = MaxBytes, string? what = null)
    {
        long length = RequireRegular(path, what);
        if (length > Math.Min(maxBytes, Array.MaxLength))
            throw new InvalidInputException($"{PathText.Quote(path)}: {length:N0} bytes, more than the {Math.Min(maxBytes, Array.MaxLength):N0} accepted for {what ?? "this file"}");
        using var stream = OpenRead(path, what);
        var bytes = new byte[length];
        int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read != length) throw new InvalidInputException($"{PathText.Quote(path)}: changed while being read ({read} of {length} bytes)");
        return bytes;
    }

    /// <summary>The UTF-8 text of a regular file no longer than <paramref name="maxBytes"/>.</summary>
    public static string ReadAllText(string path, long maxBytes = 64L << 20, string? what = null) =>
        new UTF8Encoding(false).GetString(ReadAllBytes(path, maxBytes, what));

    /// <summary>
    /// The lines of a regular text file, read lazily; a line longer than <paramref name="maxLineCharacters"/> is refused
    /// with its line number instead of being buffered (a file of zeros has no line end).
    /// </summary>
    public static IEnumerable<string> ReadLines(string path, int maxLineCharacters = MaxLineCharacters, string? what = null)
    {
        var stream = OpenRead(path, what);
        return Lines(stream, path, maxLineCharacters);
    }

    static IEnumerable<string> Lines(FileStream stream, string path, int maxLineCharacters)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var line = new StringBuilder();
        var buffer = new char[8192];
        long lineNumber = 1;
        bool pendingReturn = false;
        int count;
        while ((count = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (int i = 0; i < count; i++)
            {
                char c = buffer[i];
                if (pendingReturn && c == '\n') { pendingReturn = false; continue; }   // the \n of a \r\n
                pendingReturn = false;
                if (c is '\n' or '\r')
                {
                    pendingReturn = c == '\r';
                    yield return line.ToString();
                    line.Clear();
                    lineNumber++;
                    continue;
                }
                if (line.Length == maxLineCharacters)
                    throw new InvalidInputException($"{PathText.Quote(path)}, line {lineNumber}: longer than {maxLineCharacters:N0} characters (not a text list?)");
                line.Append(c);
            }
        }
        if (line.Length > 0) yield return line.ToString();
    }
}
