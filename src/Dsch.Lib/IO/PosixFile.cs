using System.Runtime.InteropServices;

namespace Dsch.IO;

/// <summary>
/// The POSIX calls .NET does not expose: the file type of a path (<c>stat</c>, symlinks followed), its canonical form
/// (<c>realpath</c>: absolute, <c>.</c>/<c>..</c> and every symlink resolved) and a rename that never replaces
/// (<c>link</c>, or <c>renameat2(RENAME_NOREPLACE)</c>).
/// </summary>
/// <remarks>
/// .NET reports a FIFO or a device as an ordinary file (<see cref="FileAttributes.Normal"/>), and opening a FIFO
/// for reading blocks until a writer appears, so the type must be known before the file is opened.
/// <c>struct stat</c> keeps <c>st_mode</c> at byte 24 on x86-64 and byte 16 on arm64 (glibc and musl alike).
/// </remarks>
internal static partial class PosixFile
{
    /// <summary>The kinds of file system entries this project distinguishes.</summary>
    public enum Kind { Missing, Regular, Directory, Fifo, CharacterDevice, BlockDevice, Socket, Other }

    const uint TypeMask = 0xF000;

    /// <summary>What <paramref name="path"/> names (symlinks followed; a dangling link is <see cref="Kind.Missing"/>).</summary>
    public static Kind KindOf(string path)
    {
        var buffer = new byte[256];
        if (Stat(path, buffer) != 0) return Kind.Missing;
        int offset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 24 : 16;
        uint mode = BitConverter.ToUInt32(buffer, offset);
        return (mode & TypeMask) switch
        {
            0x8000 => Kind.Regular,
            0x4000 => Kind.Directory,
            0x1000 => Kind.Fifo,
            0x2000 => Kind.CharacterDevice,
            0x6000 => Kind.BlockDevice,
            0xC000 => Kind.Socket,
            _ => Kind.Other,
        };
    }

    /// <summary>The canonical absolute path of an existing entry, or null when it (or a parent) does not exist.</summary>
    public static string? RealPath(string path)
    {
        IntPtr resolved = realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        try { return Marshal.PtrToStringUTF8(resolved); }
        finally { free(resolved); }
    }

    /// <summary>
    /// Gives the existing file <paramref name="source"/> the new name <paramref name="target"/> unless that name is taken
    /// (false), then removes the name <paramref name="source"/>. Other failures (no space, permissions) throw
    /// <see cref="IOException"/> with the system's reason.
    /// </summary>
    public static bool TryPlaceNew(string source, string target)
    {
        if (link(source, target) == 0)
        {
            File.Delete(source);
            return true;
        }
        int error = Marshal.GetLastPInvokeError();
        if (error == EEXIST) return false;
        if (error is EPERM or EXDEV or ENOTSUP or ENOSYS)                          // no hard links here: rename without replacing
        {
            if (renameat2(AtFdCwd, source, AtFdCwd, target, RenameNoReplace) == 0) return true;
            error = Marshal.GetLastPInvokeError();
            if (error == EEXIST) return false;
        }
        throw new IOException($"{target}: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    /// <summary>True when <paramref name="path"/> itself is a symbolic link (not followed).</summary>
    public static bool IsSymbolicLink(string path)
    {
        try { return new FileInfo(path).LinkTarget is not null; }
        catch (IOException) { return false; }
    }

    const int EPERM = 1, EEXIST = 17, EXDEV = 18, ENOSYS = 38, ENOTSUP = 95, AtFdCwd = -100;
    const uint RenameNoReplace = 1;

    static int Stat(string path, byte[] buffer)
    {
        try { return stat(path, buffer); }
        catch (EntryPointNotFoundException) { return __xstat(1, path, buffer); }   // glibc before 2.33 exports only __xstat
    }

    [DllImport("libc", SetLastError = true)]
    static extern int stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

    [DllImport("libc", SetLastError = true)]
    static extern int __xstat(int version, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

    [DllImport("libc", SetLastError = true)]
    static extern IntPtr realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc", SetLastError = true)]
    static extern int link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string created);

    [DllImport("libc", SetLastError = true)]
    static extern int renameat2(int oldFolder, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, int newFolder,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath, uint flags);

    [DllImport("libc")]
    static extern void free(IntPtr pointer);
}
