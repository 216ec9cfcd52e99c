using System.Text;
using Dsch.IO;

namespace Dsch.Retrieval;

/// <summary>
/// Writes FAISS binary index files (<c>faiss.read_index_binary</c>): <c>IndexBinaryFlat</c>, or <c>IndexBinaryIVF</c> over
/// a flat binary quantizer with array inverted lists. The database ids are the row numbers 0 … n − 1, so FAISS's labels
/// are rows of the code file, and its distances are the Hamming distances of <see cref="HammingRetrieval"/>.
/// </summary>
/// <remarks>
/// The layout, from FAISS 1.7.3's <c>impl/index_write.cpp</c>/<c>index_read.cpp</c> (little endian, no padding; a
/// "vector" is a uint64 element count then the elements):
/// <list type="bullet">
/// <item>binary header: <c>int32 d</c>, <c>int32 code_size</c> (= d / 8), <c>int64 ntotal</c>, <c>uint8 is_trained</c>,
/// <c>int32 metric_type</c> (1, METRIC_L2: the default binary indexes carry; they always rank by Hamming).</item>
/// <item>IndexBinaryFlat: fourcc <c>IBxF</c>, header, vector&lt;uint8&gt; of the codes (ntotal × code_size).</item>
/// <item>IndexBinaryIVF: fourcc <c>IBwF</c>, header, <c>uint64 nlist</c>, <c>uint64 nprobe</c>, the quantizer as an
/// IndexBinaryFlat of the nlist centroids, a direct map (<c>uint8 type</c> = 0, empty vector&lt;int64&gt;), then the
/// inverted lists: fourcc <c>ilar</c>, <c>uint64 nlist</c>, <c>uint64 code_size</c>, fourcc <c>full</c> and a
/// vector&lt;uint64&gt; of list sizes (FAISS writes the sparse form <c>sprs</c> — pairs of (list, size) — when at most half
/// the lists are non-empty; its reader accepts both, and we always write the full form), then for each non-empty list its
/// codes followed by its int64 ids.</item>
/// </list>
/// A fourcc is four ASCII bytes read as a little-endian uint32, i.e. the characters in file order.
/// </remarks>
public static class FaissBinaryIndex
{
    const int MetricL2 = 1;

    /// <summary>Writes <paramref name="codes"/> as an IndexBinaryFlat file at <paramref name="path"/> (atomically).</summary>
    public static void WriteFlat(string path, HashCodes codes, string option = "--out") =>
        AtomicFile.WriteNew(path, option, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true);
            WriteFlat(writer, codes);
        });

    /// <summary>
    /// Writes <paramref name="codes"/> as an IndexBinaryIVF file: <paramref name="ivf"/> gives the centroids and each
    /// code's list; <paramref name="nprobe"/> is the number of lists a search visits (nlist: exhaustive, exact).
    /// </summary>
    public static void WriteIvf(string path, HashCodes codes, BinaryIvf ivf, int nprobe, string option = "--out")
    {
        if (nprobe < 1 || nprobe > ivf.Lists) throw new InvalidInputException($"--nprobe {nprobe}: must be within 1..{ivf.Lists}");
        if (ivf.Assignment.Count != codes.Count) throw new ArgumentException("one list per code");
        AtomicFile.WriteNew(path, option, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true);
            writer.Write("IBwF"u8);
            WriteHeader(writer, codes.Bits, codes.Count);
            writer.Write((ulong)ivf.Lists);
            writer.Write((ulong)nprobe);
            WriteFlat(writer, ivf.Centroids);
            writer.Write((byte)0);                          // direct map: none
            writer.Write(0UL);                              // its (empty) array
            writer.Write("ilar"u8);
            writer.Write((ulong)ivf.Lists);
            writer.Write((ulong)(codes.Bits / 8));
            writer.Write("full"u8);
            var members = ivf.Members();
            writer.Write((ulong)ivf.Lists);
            foreach (var list in members) writer.Write((ulong)list.Count);
            var packed = codes.ToPackedBytes();
            int bytesPerCode = codes.Bits / 8;
            foreach (var list in members)
            {
                foreach (int row in list) writer.Write(packed, row * bytesPerCode, bytesPerCode);
                foreach (int row in list) writer.Write((long)row);
            }
        });
    }

    static void WriteFlat(BinaryWriter writer, HashCodes codes)
    {
        writer.Write("IBxF"u8);
        WriteHeader(writer, codes.Bits, codes.Count);
        var packed = codes.ToPackedBytes();
        writer.Write((ulong)packed.Length);
        writer.Write(packed);
    }

    static void WriteHeader(BinaryWriter writer, int bits, int count)
    {
        if (bits % 8 != 0) throw new InvalidInputException($"FAISS binary indexes need a code length that is a multiple of 8; these codes have {bits} bits");
        writer.Write(bits);                 // d
        writer.Write(bits / 8);             // code_size
        writer.Write((long)count);          // ntotal
        writer.Write((byte)1);              // is_trained
        writer.Write(MetricL2);             // metric_type
    }
}
