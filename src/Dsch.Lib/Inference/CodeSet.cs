using Dsch.Data;
using Dsch.IO;
using Dsch.Retrieval;

namespace Dsch.Inference;

/// <summary>
/// Binary codes with the ids of their rows and, when <c>dsch encode</c> wrote them, their manifest. On disk, for
/// <c>NAME.npy</c>: the codes (int8 ±1, or with <see cref="CodeManifest.Packed"/> uint8 in numpy.packbits layout),
/// <c>NAME.ids.txt</c> (one id a line, in row order) and <c>NAME.manifest.json</c>.
/// </summary>
/// <remarks>
/// [decision] The sidecars' names are the code file's name with exactly <c>.npy</c> (lower case) replaced, so two code
/// files never share a sidecar: <c>B.NPY</c>'s would be <c>B.NPY.ids.txt</c>, never <c>B.npy</c>'s <c>B.ids.txt</c>.
/// </remarks>
/// <param name="Codes">The codes.</param>
/// <param name="Ids">One id per row, or null when no ids file is beside the codes.</param>
/// <param name="Manifest">The manifest, or null for codes from elsewhere (any file <c>dsch evaluate</c> reads).</param>
public sealed record CodeSet(HashCodes Codes, IReadOnlyList<string>? Ids, CodeManifest? Manifest)
{
    /// <summary><c>NAME.ids.txt</c> beside <c>NAME.npy</c>.</summary>
    public static string IdsPath(string codesPath) => StemOf(codesPath) + ".ids.txt";

    /// <summary><c>NAME.manifest.json</c> beside <c>NAME.npy</c>.</summary>
    public static string ManifestPath(string codesPath) => StemOf(codesPath) + ".manifest.json";

    /// <summary>
    /// Writes ids, manifest and last the codes, each as a new file (temporary name, then a rename that never replaces), so
    /// a code file that exists always has its sidecars and no file of another code set is replaced. When any of the three
    /// names is taken (by another writer meanwhile), the files this call placed are removed and <paramref name="option"/>
    /// is named in the error. The layout follows <see cref="CodeManifest.Packed"/>.
    /// </summary>
    public void Write(string codesPath, string option = "--out")
    {
        if (Manifest is null || Ids is null) throw new InvalidOperationException("a code set is written with its ids and manifest");
        if (Ids.Count != Codes.Count || Manifest.Rows != Codes.Count || Manifest.Bits != Codes.Bits)
            throw new InvalidOperationException("ids, manifest and codes disagree in rows or bits");
        var placed = new List<string>();
        try
        {
            AtomicFile.WriteNew(IdsPath(codesPath), option, stream =>
            {
                using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
                foreach (var id in Ids) { writer.Write(id); writer.Write('\n'); }
            });
            placed.Add(IdsPath(codesPath));
            Manifest.Write(ManifestPath(codesPath), option);
            placed.Add(ManifestPath(codesPath));
            AtomicFile.WriteNew(codesPath, option, stream => NpyFile.Write(stream, Manifest.Packed
                ? NpyArray.Create(Codes.ToPackedBytes(), Codes.Count, Codes.Bits / 8)
                : NpyArray.Create(Codes.ToSigns(), Codes.Count, Codes.Bits)));
        }
        catch
        {
            foreach (var path in placed) File.Delete(path);
            throw;
        }
    }

    /// <summary>
    /// Reads codes and, when present beside them, their ids and manifest. With a manifest saying <c>packed</c> the
    /// file is unpacked to its L bits; without one, the file is read as <c>dsch evaluate</c> reads codes
    /// (<see cref="RetrievalFiles.ReadCodes"/>). Disagreement between the files is an error naming them.
    /// </summary>
    public static CodeSet Read(string codesPath)
    {
        // The codes, ids and manifest files are read here only, each through Dsch.IO's bounded regular-file reads.
        var manifestPath = ManifestPath(codesPath);
        var manifest = File.Exists(manifestPath) ? CodeManifest.Read(manifestPath) : null;
        HashCodes codes = manifest is { Packed: true } ? ReadPacked(codesPath, manifest) : RetrievalFiles.ReadCodes(codesPath);
        if (manifest is not null && (manifest.Rows != codes.Count || manifest.Bits != codes.Bits))
            throw InvalidInputException.At(codesPath, null,
                $"{codes.Count} codes of {codes.Bits} bits, but {manifestPath} says {manifest.Rows} of {manifest.Bits}");
        var idsPath = IdsPath(codesPath);
        var ids = File.Exists(idsPath) ? ReadIds(idsPath, codes.Count) : null;
        return new CodeSet(codes, ids, manifest);
    }

    /// <summary>Reads an ids file: one id a line, exactly <paramref name="rows"/> lines.</summary>
    public static IReadOnlyList<string> ReadIds(string path, int rows)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"--ids {PathText.Quote(path)}: not found");
        var ids = Dsch.IO.InputFile.ReadLines(path, what: "ids file").Take(rows + 1).ToArray();
        if (ids.Length != rows) throw InvalidInputException.At(path, null, $"{(ids.Length > rows ? $"more than {rows}" : ids.Length)} ids for {rows} codes (one id a line, in row order)");
        return ids;
    }

    static HashCodes ReadPacked(string codesPath, CodeManifest manifest)
    {
        var array = NpyFile.Read(codesPath);
        if (array.Type != NpyType.UInt8 || array.Rank != 2 || array.Shape[1] * 8 != manifest.Bits)
            throw InvalidInputException.At(codesPath, null,
                $"packed codes of {manifest.Bits} bits must be uint8 (rows, {manifest.Bits / 8}), got {array.Type} ({string.Join(", ", array.Shape)})");
        return HashCodes.FromPackedBytes((byte[])array.Data, array.Shape[0], manifest.Bits);
    }

    static string StemOf(string codesPath) =>
        codesPath.EndsWith(".npy", StringComparison.Ordinal) ? codesPath[..^4] : codesPath;
}
