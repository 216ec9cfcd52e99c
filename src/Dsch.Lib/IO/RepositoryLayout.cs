namespace Dsch.IO;

/// <summary>Finds the repository's folders (splits, results, notebooks) from wherever code runs.</summary>
public static class RepositoryLayout
{
    /// <summary>
    /// The repository root: <c>DSCH_ROOT</c> when set, else the first folder holding <c>Dsch.sln</c>
    /// walking up from the current directory, then from the assembly's folder; null when none.
    /// </summary>
    public static string? FindRoot()
    {
        if (Environment.GetEnvironmentVariable("DSCH_ROOT") is { Length: > 0 } configured && Directory.Exists(configured))
            return Path.GetFullPath(configured);
        return WalkUp(Environment.CurrentDirectory) ?? WalkUp(AppContext.BaseDirectory);
    }

    /// <summary>The repository root, or an error saying how to set it.</summary>
    public static string RequireRoot() => FindRoot() ?? throw new InvalidInputException(
        "cannot find the repository root (no Dsch.sln above the current folder); run from the checkout or set DSCH_ROOT");

    static string? WalkUp(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Dsch.sln"))) return directory.FullName;
        return null;
    }
}
