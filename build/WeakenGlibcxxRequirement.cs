// MSBuild inline task (RoslynCodeTaskFactory, compiled against netstandard2.0): marks one symbol-version requirement of an ELF64
// shared library as weak, so the dynamic loader tolerates a host libstdc++ that lacks it.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class WeakenGlibcxxRequirement : Task
{
    [Required] public string LibraryPath { get; set; } = "";
    [Required] public string VersionName { get; set; } = "";

    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlagWeak = 0x2;

    static readonly string[] LibStdCxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
    };

    public override bool Execute()
    {
        try
        {
            if (HostProvides(VersionName))
            {
                Log.LogMessage(MessageImportance.Low, $"Host libstdc++ has {VersionName}; {LibraryPath} left as is.");
                return true;
            }
            var bytes = File.ReadAllBytes(LibraryPath);
            var outcome = Weaken(bytes, VersionName);
            if (outcome == "patched")
            {
                // Write beside, then rename: a half-written library is never left in place.
                var temporary = LibraryPath + ".weakening";
                File.WriteAllBytes(temporary, bytes);
                File.Replace(temporary, LibraryPath, null); // rename over the original
            }
            Log.LogMessage(MessageImportance.Normal, $"{VersionName} in {LibraryPath}: {outcome}.");
            return true;
        }
        catch (Exception e)
        {
            Log.LogError($"Could not weaken {VersionName} in {LibraryPath}: {e.Message}");
            return false;
        }
    }

    static bool HostProvides(string version)
    {
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (var path in LibStdCxxCandidates)
        {
            if (!File.Exists(path)) continue;
            var haystack = File.ReadAllBytes(path);
            return Contains(haystack, needle);
        }
        return false; // no libstdc++ found where expected: weakening is harmless, so do it
    }

    /// <summary>Returns "patched", "already weak" or "not required"; throws on a malformed file.</summary>
    static string Weaken(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("not a little-endian ELF64 file");

        ulong sectionTable = U64(elf, 0x28);
        int entrySize = U16(elf, 0x3A), count = U16(elf, 0x3C);
        for (int s = 0; s < count; s++)
        {
            int header = checked((int)sectionTable + s * entrySize);
            if (U32(elf, header + 4) != ShtGnuVerneed) continue;

            int verneed = checked((int)U64(elf, header + 24));
            int verneedCount = (int)U32(elf, header + 44);
            int stringsHeader = checked((int)sectionTable + (int)U32(elf, header + 40) * entrySize);
            int strings = checked((int)U64(elf, stringsHeader + 24));

            for (int n = 0, need = verneed; n < verneedCount; n++)
            {
                int auxCount = U16(elf, need + 2);
                for (int a = 0, aux = need + (int)U32(elf, need + 8); a < auxCount; a++)
                {
                    if (CString(elf, strings + (int)U32(elf, aux + 8)) == version)
                    {
                        ushort flags = (ushort)U16(elf, aux + 4);
                        if ((flags & VerFlagWeak) != 0) return "already weak";
                        flags |= VerFlagWeak;
                        elf[aux + 4] = (byte)flags;
                        elf[aux + 5] = (byte)(flags >> 8);
                        return "patched";
                    }
                    aux += (int)U32(elf, aux + 12);
                }
                need += (int)U32(elf, need + 12);
            }
        }
        return "not required";
    }

    static bool Contains(byte[] haystack, byte[] needle)
    {
        for (int i = Array.IndexOf(haystack, needle[0]); i >= 0 && i <= haystack.Length - needle.Length;
             i = Array.IndexOf(haystack, needle[0], i + 1))
        {
            int k = 1;
            while (k < needle.Length && haystack[i + k] == needle[k]) k++;
            if (k == needle.Length) return true;
        }
        return false;
    }

    static int U16(byte[] b, int o) => b[o] | (b[o + 1] << 8);
    static uint U32(byte[] b, int o) => BitConverter.ToUInt32(b, o);
    static ulong U64(byte[] b, int o) => BitConverter.ToUInt64(b, o);

    static string CString(byte[] b, int o)
    {
        int end = Array.IndexOf(b, (byte)0, o);
        return Encoding.ASCII.GetString(b, o, end - o);
    }
}
