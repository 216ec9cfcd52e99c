using System.Diagnostics;
using System.Globalization;

namespace Dsch.IO;

/// <summary>
/// One writer per output folder: <c>.dsch.lock</c> holds the writer's PID, process start time and command line. It is
/// put in place with its content, never replacing another (<see cref="Acquire"/>), before anything in the folder is
/// written, and deleted on <see cref="Dispose"/>. A second
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
    /// <remarks>
    /// [decision] The lock appears with its content or not at all: the holder's description is written to a temporary
    /// file, then linked to <c>.dsch.lock</c> without replacing. So a lock file is never empty while its writer lives, a
    /// failure to write it (a full disk) is reported as such and not as contention, and an empty or unreadable lock is
    /// not taken for a stale one (another program's, or an older dsch's): the user is asked to look.
    /// </remarks>
    public static OutputLock Acquire(string folder, string option)
    {
        var path = Path.Combine(folder, FileName);
        string temporary;
        try { temporary = AtomicFile.WriteTemporary(path, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(Describe(Environment.ProcessId, CurrentStart(), CommandLine())))); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            // A full disk is an IOException; a file-size limit (EFBIG) reaches .NET as ArgumentOutOfRangeException.
            throw new InvalidInputException($"{option} {PathText.Quote(folder)}: cannot write the lock file {PathText.Quote(path)} ({e.Message})");
        }
        try
        {
            for (int attempt = 0; attempt < 3; attempt++)
            {
                if (PosixFile.TryPlaceNew(temporary, path)) return new OutputLock(path);
                var holder = Holder.Read(path, folder, option);
                if (holder is null) continue;                                           // vanished meanwhile: try again
                if (holder.IsRunning())
                    throw new InvalidInputException($"{option} {PathText.Quote(folder)}: another dsch is writing there " +
                                                    $"(PID {holder.Pid}, started {holder.Started:u}: {PathText.Quote(holder.Command)}); lock file {PathText.Quote(path)}");
                ReplaceStale(path, holder.Text);
            }
        }
        catch (IOException e)
        {
            throw new InvalidInputException($"{option} {PathText.Quote(folder)}: cannot write the lock file {PathText.Quote(path)} ({e.Message})");
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        throw new InvalidInputException($"{option} {PathText.Quote(folder)}: could not take the lock {PathText.Quote(path)} (other writers kept replacing it)");
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
    static void ReplaceStale(string path, string staleText)
    {
        var aside = StaleTemporaries.NameFor(path);
        try { File.Move(path, aside); } catch (FileNotFoundException) { return; }
        string? moved = null;
        try { moved = InputFile.ReadAllText(aside, MaxBytes, "lock file"); } catch (InvalidInputException) { }
        if (moved is not null && moved != staleText && PosixFile.TryPlaceNew(aside, path)) return;
        File.Delete(aside);
    }

    /// <summary>A lock holds three short lines; anything longer is not a lock.</summary>
    const int MaxBytes = 8192;

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
        /// <summary>
        /// The holder recorded in the lock at <paramref name="path"/>, or null when the lock vanished. A lock that is a
        /// link, not a regular file, too long, empty or without a PID is refused (exit 2), read with the limits of every input.
        /// </summary>
        public static Holder? Read(string path, string folder, string option)
        {
            string Refusal(string reason) =>
                $"{option} {PathText.Quote(folder)}: lock file {PathText.Quote(path)} {reason}; remove it if no dsch is writing there";
            if (PosixFile.IsSymbolicLink(path)) throw new InvalidInputException(Refusal("is a symbolic link, not a lock"));
            var kind = PosixFile.KindOf(path);
            if (kind == PosixFile.Kind.Missing) return null;
            if (kind != PosixFile.Kind.Regular) throw new InvalidInputException(Refusal("is not a regular file"));
            string text;
            try { text = InputFile.ReadAllText(path, MaxBytes, "lock file"); }
            catch (InvalidInputException) when (!File.Exists(path)) { return null; }
            catch (InvalidInputException e) { throw new InvalidInputException(Refusal($"cannot be read as a lock ({e.Message})")); }
            var lines = text.Split('\n');
            string Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal))?[(name.Length + 1)..] ?? "";
            if (!int.TryParse(Field("pid"), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid < 1)
                throw new InvalidInputException(Refusal(text.Length == 0 ? "is empty" : "names no process (not a dsch lock)"));
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
