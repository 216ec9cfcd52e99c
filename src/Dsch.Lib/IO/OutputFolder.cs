namespace Dsch.IO;

/// <summary>
/// Output paths are user input: before a verb writes anything, this checks that its folder (or file) can be
/// written, turning "is a file", "permission denied" and "read-only file system" into an
/// <see cref="InvalidInputException"/> naming the option (exit 2), and takes the folder's <see cref="OutputLock"/>.
/// </summary>
public static class OutputFolder
{
    /// <summary>
    /// Creates <paramref name="folder"/> when needed and takes its lock; dispose the result when the verb is done.
    /// Call it after every option and input was validated and before the first write.
    /// </summary>
    /// <param name="folder">The output folder as given.</param>
    /// <param name="option">The option that named it (<c>--out</c>, <c>--resume</c>), for messages.</param>
    public static OutputLock Claim(string folder, string option)
    {
        RequireCreatable(folder, option);
        bool existed = Directory.Exists(folder);
        try
        {
            Directory.CreateDirectory(folder);
            return OutputLock.Acquire(folder, option);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RemoveIfMadeHere(folder, existed);
            throw new InvalidInputException($"{option} {PathText.Quote(folder)}: cannot write there ({e.Message})");
        }
        catch (InvalidInputException)
        {
            RemoveIfMadeHere(folder, existed);
            throw;
        }
    }

    /// <summary>A refused claim leaves no folder it made (only the folder itself, and only while empty).</summary>
    static void RemoveIfMadeHere(string folder, bool existed)
    {
        if (existed) return;
        try { if (!Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// True when something has the name <paramref name="path"/>: a file, a folder, or a symbolic link (even a dangling one,
    /// since writing through it would create a file elsewhere).
    /// </summary>
    public static bool IsTaken(string path) => File.Exists(path) || Directory.Exists(path) || PosixFile.IsSymbolicLink(path);

    /// <summary>
    /// Checks, without writing, that <paramref name="folder"/> is an existing folder or absent (nothing on its way is a file);
    /// for validation before the real work starts.
    /// </summary>
    public static void RequireCreatable(string folder, string option)
    {
        PathText.RefuseControlCharacters(folder, option);
        for (var path = Path.GetFullPath(folder); path is not null; path = Path.GetDirectoryName(path))
        {
            var kind = PosixFile.KindOf(path);
            if (kind == PosixFile.Kind.Missing) continue;
            if (kind != PosixFile.Kind.Directory)
                throw new InvalidInputException(path == Path.GetFullPath(folder)
                    ? $"{option} {PathText.Quote(folder)}: is a file, expected a folder"
                    : $"{option} {PathText.Quote(folder)}: {PathText.Quote(path)} is a file, not a folder");
            return;
        }
    }

    /// <summary>
    /// Checks that the single output file <paramref name="file"/> can be written (atomically, next to itself): it is not a
    /// folder and its folder exists or can be made and accepts new files. Nothing is created: the folder's nearest existing
    /// ancestor is probed, so a command refused later leaves no folder behind.
    /// </summary>
    public static void RequireWritableFile(string file, string option)
    {
        PathText.RefuseControlCharacters(file, option);
        var kind = PosixFile.KindOf(file);
        if (kind == PosixFile.Kind.Directory) throw new InvalidInputException($"{option} {PathText.Quote(file)}: is a folder, expected a file name");
        if (kind is not (PosixFile.Kind.Missing or PosixFile.Kind.Regular))
            throw new InvalidInputException($"{option} {PathText.Quote(file)}: is not a regular file");
        var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        RequireCreatable(folder, option);
        var existing = folder;
        while (PosixFile.KindOf(existing) != PosixFile.Kind.Directory) existing = Path.GetDirectoryName(existing)!;
        var probe = StaleTemporaries.NameFor(Path.Combine(existing, ".dsch-write-probe"));
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write)) { }
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{option} {PathText.Quote(file)}: cannot write there ({e.Message})");
        }
    }
}
