using System.Globalization;
using System.Text.RegularExpressions;

namespace Dsch.IO;

/// <summary>
/// The temporary names of this project's writers — <c>NAME.tmp-PID-GUID</c> — and their cleanup: a writer killed
/// between writing and renaming leaves its temporary behind, so the next writer of the same folder removes the
/// temporaries of processes that no longer run (once per folder and process; a live writer's are never touched).
/// </summary>
internal static partial class StaleTemporaries
{
    static readonly HashSet<string> Cleaned = new(StringComparer.Ordinal);

    /// <summary>A fresh temporary name beside <paramref name="fullPath"/>, owned by this process.</summary>
    public static string NameFor(string fullPath) => $"{fullPath}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>Removes the temporaries (files and folders) of dead processes in <paramref name="folder"/>, the first time it is asked.</summary>
    public static void RemoveOnce(string folder)
    {
        lock (Cleaned)
            if (!Cleaned.Add(folder)) return;
        Remove(folder);
    }

    /// <summary>Removes the temporaries of dead processes in <paramref name="folder"/>; returns how many were removed.</summary>
    public static int Remove(string folder)
    {
        int removed = 0;
        IEnumerable<string> entries;
        try { entries = Directory.EnumerateFileSystemEntries(folder, "*.tmp-*").ToArray(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return 0; }
        foreach (var entry in entries)
        {
            var match = TemporaryName().Match(Path.GetFileName(entry));
            if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            if (pid == Environment.ProcessId || IsRunning(pid)) continue;
            try
            {
                if (new FileInfo(entry).LinkTarget is null && Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
                else File.Delete(entry);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return removed;
    }

    /// <summary>True when a process with <paramref name="pid"/> exists (a reused PID keeps the file: removing is optional, keeping is safe).</summary>
    internal static bool IsRunning(int pid)
    {
        if (OperatingSystem.IsLinux()) return Directory.Exists($"/proc/{pid}");
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException) { return false; }
    }

    [GeneratedRegex(@"\.tmp-([0-9]{1,10})-[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryName();
}
