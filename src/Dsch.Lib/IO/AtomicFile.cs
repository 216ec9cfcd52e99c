namespace Dsch.IO;

/// <summary>
/// Writes files so that a reader never sees half of one: write to a temporary name in the same folder, flush, then
/// rename. <see cref="Write"/> replaces the target (for files a verb owns inside its locked folder);
/// <see cref="WriteNew"/> puts the file in place only when nothing has that name yet, so two writers of one new path
/// cannot both succeed and an existing file is never replaced.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> (UTF-8) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text) => Write(path, stream => WriteText(stream, text));

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>Calls <paramref name="write"/> on a temporary file, then renames it to <paramref name="path"/> (replacing it).</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var temporary = WriteTemporary(path, write);
        try { File.Move(temporary, Path.GetFullPath(path), overwrite: true); }
        finally { Discard(temporary); }
    }

    /// <summary>
    /// Calls <paramref name="write"/> on a temporary file, then links it to <paramref name="path"/> only if no file has
    /// that name (no-replace: <c>link</c>, or <c>renameat2(RENAME_NOREPLACE)</c> where the file system has no hard links).
    /// A name taken meanwhile is an <see cref="InvalidInputException"/> naming <paramref name="option"/>.
    /// </summary>
    public static void WriteNew(string path, string option, Action<Stream> write)
    {
        var temporary = WriteTemporary(path, write);
        try { PlaceNew(temporary, path, option); }
        finally { Discard(temporary); }
    }

    /// <summary>As <see cref="WriteNew"/> for UTF-8 text.</summary>
    public static void WriteNewText(string path, string option, string text) => WriteNew(path, option, stream => WriteText(stream, text));

    /// <summary>
    /// Writes a complete, flushed temporary file beside <paramref name="path"/> (its folder is created when missing; dead
    /// writers' temporaries there are removed first) and returns its name; the caller renames or deletes it.
    /// </summary>
    internal static string WriteTemporary(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        StaleTemporaries.RemoveOnce(folder);
        var temporary = StaleTemporaries.NameFor(full);
        try
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            write(stream);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            Discard(temporary);
            throw;
        }
        return temporary;
    }

    /// <summary>Gives the finished <paramref name="temporary"/> the name <paramref name="path"/> unless that name is taken.</summary>
    internal static void PlaceNew(string temporary, string path, string option)
    {
        if (!PosixFile.TryPlaceNew(temporary, Path.GetFullPath(path)))
            throw new InvalidInputException($"{option} {PathText.Quote(path)}: already exists (another writer made it meanwhile?); nothing was replaced");
    }

    static void WriteText(Stream stream, string text)
    {
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
        writer.Write(text);
    }

    static void Discard(string temporary)
    {
        try { if (File.Exists(temporary)) File.Delete(temporary); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
