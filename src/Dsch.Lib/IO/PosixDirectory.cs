using System.Runtime.InteropServices;

namespace Dsch.IO;

/// <summary>
/// The names in a folder as the kernel stores them (<c>opendir</c>/<c>readdir</c>), as raw bytes. .NET's own enumeration
/// decodes names as UTF-8 and leaves out a name that is not valid UTF-8 without a word, so a walk that must account
/// for every entry reads the folder here and decides itself what a name it cannot decode means.
/// </summary>
/// <remarks><c>struct dirent</c> keeps <c>d_name</c> at byte 19 on 64-bit Linux (glibc and musl alike: d_ino, d_off, d_reclen, d_type).</remarks>
internal static class PosixDirectory
{
    const int NameOffset = 19;

    /// <summary>Every name in <paramref name="path"/> but <c>.</c> and <c>..</c>; an unreadable folder is an error naming it.</summary>
    public static List<byte[]> Names(string path, string where)
    {
        IntPtr directory = opendir(path);
        if (directory == IntPtr.Zero)
            throw new InvalidInputException($"{where}: cannot read the folder {PathText.Quote(path)} (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            var names = new List<byte[]>();
            for (IntPtr entry; (entry = readdir(directory)) != IntPtr.Zero;)
            {
                int length = 0;
                while (Marshal.ReadByte(entry, NameOffset + length) != 0) length++;
                var name = new byte[length];
                Marshal.Copy(entry + NameOffset, name, 0, length);
                if (name is [(byte)'.'] or [(byte)'.', (byte)'.']) continue;
                names.Add(name);
            }
            return names;
        }
        finally { closedir(directory); }
    }

    [DllImport("libc", SetLastError = true)]
    static extern IntPtr opendir([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [DllImport("libc")]
    static extern IntPtr readdir(IntPtr directory);

    [DllImport("libc")]
    static extern int closedir(IntPtr directory);
}
