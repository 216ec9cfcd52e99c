namespace Dsch.IO;

/// <summary>
/// Files of one output folder that belong together (a <c>dsch components</c> fit): each is written complete into a
/// staging folder inside it, and only then put in place, with a marker file removed before the first and written after
/// the last. So the folder holds either a whole unit with its marker, or no marker: a reader that finds the marker
/// reads files of one unit; without it, the folder holds no complete unit (a writer was killed while putting one in place).
/// </summary>
/// <remarks>
/// [decision] A marker rather than swapping the whole folder: the folder is the user's and may hold other files, which a
/// swap would carry away. The staging folder of a killed writer is removed by the next writer (<see cref="StaleTemporaries"/>).
/// Hold the folder's <see cref="OutputLock"/> while a unit is written: one writer per folder.
/// </remarks>
public sealed class FileUnit : IDisposable
{
    readonly string _folder;
    readonly string _staging;
    readonly string _marker;

    /// <summary>Starts a unit in the existing <paramref name="folder"/> whose completion marker is the file <paramref name="marker"/>.</summary>
    public FileUnit(string folder, string marker)
    {
        _folder = Path.GetFullPath(folder);
        _marker = marker;
        StaleTemporaries.RemoveOnce(_folder);
        _staging = StaleTemporaries.NameFor(Path.Combine(_folder, ".unit"));
        Directory.CreateDirectory(_staging);
    }

    /// <summary>Where to write the unit's file <paramref name="name"/> (a plain file name) before <see cref="Commit"/>.</summary>
    public string Stage(string name)
    {
        if (name != Path.GetFileName(name)) throw new ArgumentException($"'{name}' is not a plain file name", nameof(name));
        return Path.Combine(_staging, name);
    }

    /// <summary>
    /// Puts every staged file in place: the old marker goes first, the staged files replace theirs, the new marker comes
    /// last. The marker must have been staged.
    /// </summary>
    public void Commit()
    {
        var stagedMarker = Path.Combine(_staging, _marker);
        if (!File.Exists(stagedMarker)) throw new InvalidOperationException($"the marker {_marker} was not staged");
        File.Delete(Path.Combine(_folder, _marker));
        foreach (var staged in Directory.GetFiles(_staging).Order(StringComparer.Ordinal))
            if (Path.GetFileName(staged) != _marker) File.Move(staged, Path.Combine(_folder, Path.GetFileName(staged)), overwrite: true);
        File.Move(stagedMarker, Path.Combine(_folder, _marker), overwrite: true);
        Directory.Delete(_staging, recursive: true);
    }

    /// <summary>Removes the staging folder when the unit was not committed.</summary>
    public void Dispose()
    {
        try { if (Directory.Exists(_staging)) Directory.Delete(_staging, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
