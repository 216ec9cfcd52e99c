using System.Diagnostics;
using System.Globalization;

namespace Dsch.IO;

/// <summary>
/// One writer per output folder: <c>.dsch.lock</c> holds the writer's PID, process start time and command line. It is
/// created exclusively (O_EXCL) before anything in the folder is written and deleted on <see cref="Dispose"/>. A second
/// writer is refused (exit 2, naming the holder); a lock left by a process that no longer runs (killed, crashed, or a
/// PID since reused by another program, told apart by its start time) is recognised as stale and replaced.
/// </summary>
public sealed class OutputLock : IDisposable
{
    /// <summary>The lock file's name inside the folder it guards.</summary>
    public const string FileName = ".dsch.lock";

    readonly string _path;
    bool _released;

    OutputLock(string path) => _path = path;

    /// <summary>Takes the lock of the existing folder <paramref name="folder"/>; <paramref name="option"/> names it in errors.</summary>
    public static OutputLock Acquire(string folder, string option)
    {
        var path = Path.Combine(folder, FileName);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
                using var writer = new StreamWriter(stream);
                writer.Write(Describe(Environment.ProcessId, CurrentStart(), CommandLine()));
                return new OutputLock(path);
            }
            catch (IOException) when (File.Exists(path))
            {
                var holder = Holder.Read(path);
                if (holder is not null && holder.IsRunning())
                    throw new InvalidInputException($"{option} {PathText.Quote(folder)}: another dsch is writing there " +
                                                    $"(PID {holder.Pid}, started {holder.Started:u}: {PathText.Quote(holder.Command)}); lock file {PathText.Quote(path)}");
                ReplaceStale(path, holder?.Text);
            }
        }
        throw new InvalidInputException($"{option} {PathText.Quote(folder)}: could not take the lock {PathText.Quote(path)} (contended)");
    }

    /// <summary>Deletes the lock file.</summary>
    public void Dispose()
    {
        if (_released) return;
        _released = true;
        try { File.Delete(_path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Moves a stale lock aside (an atomic rename) and drops it. When two writers replace the same stale lock at once, the
    /// slower one may move the faster one's fresh lock: it sees other content and puts that lock back.
    /// </summary>
    static void ReplaceStale(string path, string? staleText)
    {
        var aside = $"{path}.stale-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try { File.Move(path, aside); } catch (FileNotFoundException) { return; }
        string? moved = null;
        try { moved = File.ReadAllText(aside); } catch (IOException) { }
        if (staleText is not null && moved is not null && moved != staleText)
        {
            try { File.Move(aside, path, overwrite: false); return; } catch (IOException) { }
        }
        File.Delete(aside);
    }

    static string Describe(int pid, DateTime started, string command) =>
        $"pid {pid}\nstarted {started.ToString("o", CultureInfo.InvariantCulture)}\ncommand {command}\n";

    static DateTime CurrentStart() => Process.GetCurrentProcess().StartTime.ToUniversalTime();

    static string CommandLine()
    {
        var args = Environment.GetCommandLineArgs();
        var shown = string.Join(' ', args.Skip(1).Prepend("dsch").Select(a => a.Replace('\n', ' ')));
        return shown.Length > 1000 ? shown[..1000] + "…" : shown;
    }

    /// <summary>The process recorded in a lock file.</summary>
    sealed record Holder(int Pid, DateTime Started, string Command, string Text)
    {
        public static Holder? Read(string path)
        {
            string text;
            try { text = InputFile.ReadAllText(path, 8192, "lock file"); }
            catch (InvalidInputException) { return null; }                       // unreadable or vanished: treat as stale
            var lines = text.Split('\n');
            string Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal))?[(name.Length + 1)..] ?? "";
            if (!int.TryParse(Field("pid"), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) return null;
            DateTime.TryParse(Field("started"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var started);
            return new Holder(pid, started.ToUniversalTime(), Field("command"), text);
        }

        /// <summary>True when the PID runs and started when the lock says (a reused PID started later).</summary>
        public bool IsRunning()
        {
            try
            {
                using var process = Process.GetProcessById(Pid);
                if (process.HasExited) return false;
                return Math.Abs((process.StartTime.ToUniversalTime() - Started).TotalSeconds) < 2;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }
    }
}
