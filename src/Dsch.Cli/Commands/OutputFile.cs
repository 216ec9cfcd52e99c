using Dsch.Inference;

namespace Dsch.Cli.Commands;

/// <summary>
/// The one place the new-output verbs (<c>encode</c>, <c>codes merge</c>, <c>export</c>, <c>baseline</c>,
/// <c>search --montage</c>) check where they may write, before any work: the file must not exist yet (they never
/// overwrite), and nothing is created by the check — the folders on the way are made only when the file is written, with
/// <see cref="Dsch.IO.AtomicFile.WriteNew"/>, which also refuses a name another writer took meanwhile.
/// </summary>
static class OutputFile
{
    /// <summary>Refuses an existing <paramref name="path"/> (exit 2 naming <paramref name="option"/>).</summary>
    public static string RequireNew(string option, string path)
    {
        if (Directory.Exists(path))
            throw new InvalidInputException($"{option} {PathText.Quote(path)}: is a folder, expected a file name");
        if (Dsch.IO.OutputFolder.IsTaken(path))
            throw new InvalidInputException($"{option} {PathText.Quote(path)}: already exists; choose another name or remove it (nothing is overwritten)");
        Dsch.IO.OutputFolder.RequireWritableFile(path, option);
        return path;
    }

    /// <summary>As <see cref="RequireNew"/> for a code file and the ids/manifest files written beside it.</summary>
    public static string RequireNewCodeSet(string option, string codesPath)
    {
        if (!codesPath.EndsWith(".npy", StringComparison.Ordinal))
            throw new InvalidInputException($"{option} {PathText.Quote(codesPath)}: a code file ends in .npy, in lower case (its ids and manifest are written beside it)");
        RequireNew(option, codesPath);
        foreach (var sidecar in new[] { CodeSet.IdsPath(codesPath), CodeSet.ManifestPath(codesPath) })
            if (Dsch.IO.OutputFolder.IsTaken(sidecar))
                throw new InvalidInputException($"{option} {PathText.Quote(codesPath)}: {PathText.Quote(sidecar)} already exists (it would be written beside the codes); nothing is overwritten");
        return codesPath;
    }
}
