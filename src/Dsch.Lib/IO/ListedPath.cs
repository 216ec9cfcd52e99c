namespace Dsch.IO;

/// <summary>
/// Resolves a path written inside a dataset's list file: relative to the dataset root, canonicalised
/// (<c>.</c>, <c>..</c>, doubled slashes and every symlink resolved) and required to stay inside the root.
/// The canonical path is the image's identity, so <c>./img/0.png</c>, <c>img//0.png</c> and an absolute spelling
/// of the same file are one image (duplicate and query/database overlap checks see through spellings).
/// </summary>
/// <remarks>
/// [decision] A list handed over with a dataset must not reach files elsewhere on the machine (<c>../x.png</c>,
/// <c>/etc/…</c>, a symlink out of the folder). A user whose images really live elsewhere opts in with the
/// command-line flag <c>--allow-outside-root</c> (any verb) or the environment variable
/// <c>DSCH_ALLOW_OUTSIDE_ROOT=1</c>; both set <see cref="AllowOutsideRoot"/>.
/// </remarks>
public static class ListedPath
{
    /// <summary>Environment variable that opts in to list paths outside the dataset root.</summary>
    public const string OptInVariable = "DSCH_ALLOW_OUTSIDE_ROOT";

    /// <summary>Command-line flag that opts in to list paths outside the dataset root.</summary>
    public const string OptInFlag = "--allow-outside-root";

    /// <summary>Accept list paths that resolve outside the dataset root (default: the environment variable, else false).</summary>
    public static bool AllowOutsideRoot { get; set; } = Environment.GetEnvironmentVariable(OptInVariable) is "1" or "true";

    /// <summary>The canonical form of an existing folder (the root that listed paths must stay in).</summary>
    public static string CanonicalRoot(string root) =>
        PosixFile.RealPath(root) ?? throw new InvalidInputException($"--root: folder '{PathText.Quote(root)}' does not exist");

    /// <summary>
    /// The canonical absolute path of <paramref name="entry"/> (relative to <paramref name="canonicalRoot"/>, or absolute).
    /// Throws naming <paramref name="where"/> (list file and line) when it holds a control character, does not exist, or
    /// resolves outside the root without the opt-in.
    /// </summary>
    public static string Resolve(string canonicalRoot, string entry, string where)
    {
        PathText.RefuseControlCharacters(entry, where);
        string joined = Path.Combine(canonicalRoot, entry);
        string canonical = PosixFile.RealPath(joined)
            ?? throw new InvalidInputException($"{where}: image file {PathText.Quote(Path.GetFullPath(joined))} is missing");
        if (!AllowOutsideRoot && !IsInside(canonical, canonicalRoot))
            throw new InvalidInputException($"{where}: '{PathText.Quote(entry)}' resolves to {PathText.Quote(canonical)}, outside the dataset root " +
                                            $"{PathText.Quote(canonicalRoot)}; pass {OptInFlag} (or set {OptInVariable}=1) to accept it");
        return canonical;
    }

    static bool IsInside(string path, string root) =>
        root == "/" || path.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal);
}
