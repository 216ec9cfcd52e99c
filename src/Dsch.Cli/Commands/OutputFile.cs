using Dsch.Inference;

namespace Dsch.Cli.Commands;

/// <summary>
/// The one place the new-output verbs (<c>encode</c>, <c>codes merge</c>, <c>export</c>, <c>search --montage</c>) check
/// where they may write, before any work: the file must not exist yet (they never overwrite), and its folder is created
/// only once the check passed.
/// </summary>
static class OutputFile
{
    /// <summary>Refuses an existing <paramref name="path"/> (exit 2 naming <paramref name="option"/>).</summary>
    public static string RequireNew(string option, string path)
    {
        // Every new output passes here first: nothing is overwritten, and a file in the way, an unwritable folder or a
        // read-only file system is a user error (exit 2) before any work starts.
        if (File.Exists(path) || Directory.Exists(path))
            throw new InvalidInputException($"{option} {PathText.Quote(path)}: already exists; choose another name or remove it (nothing is overwritten)");
        Dsch.IO.OutputFolder.RequireWritableFile(path, option);
        return path;
    }

    /// <summary>As <see cref="RequireNew"/> for a code file and the ids/manifest files written beside it.</summary>
    public static string RequireNewCodeSet(string option, string codesPath)
    {
        if (!codesPath.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
            throw new InvalidInputException($"{option} {codesPath}: a code file ends in .npy (its ids and manifest are written beside it)");
        RequireNew(option, codesPath);
        foreach (var sidecar in new[] { CodeSet.IdsPath(codesPath), CodeSet.ManifestPath(codesPath) })
            if (Directory.Exists(sidecar)) throw new InvalidInputException($"{option} {codesPath}: {sidecar} is a folder");
        return codesPath;
    }
}
