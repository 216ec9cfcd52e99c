using System.CommandLine;
using Dsch.Inference;
using Dsch.Retrieval;

namespace Dsch.Cli.Commands;

/// <summary>
/// <c>dsch export --format faiss</c>: a FAISS binary index file of a code file — IndexBinaryFlat, or with <c>--ivf NLIST</c>
/// an IndexBinaryIVF trained on the codes — that <c>faiss.read_index_binary</c> loads; FAISS's labels are the code rows.
/// </summary>
static class ExportCommand
{
    public static Command Create()
    {
        var codes = new Option<string>("--codes") { Description = "Codes .npy (from dsch encode, or any codes dsch evaluate reads).", Required = true };
        var format = new Option<string>("--format") { Description = "faiss (the only format so far).", Required = true };
        var output = new Option<string>("--out") { Description = "Index file to write (must not exist).", Required = true };
        var ivf = new Option<int?>("--ivf") { Description = "NLIST: an IndexBinaryIVF with NLIST lists trained on the codes (default: IndexBinaryFlat)." };
        var nprobe = new Option<int?>("--nprobe") { Description = "Lists an IVF search visits (default NLIST: exhaustive, exact; lower it for speed)." };
        var seed = new Option<long>("--seed") { Description = "Seed of the IVF k-means.", DefaultValueFactory = _ => 0 };
        var command = new Command("export", "Write codes as a FAISS binary index (IndexBinaryFlat or IndexBinaryIVF).") { codes, format, output, ivf, nprobe, seed };
        command.SetAction(parse => CliExit.Guard(() => Run(parse.GetValue(codes)!, parse.GetValue(format)!, parse.GetValue(output)!,
            parse.GetValue(ivf), parse.GetValue(nprobe), parse.GetValue(seed))));
        return command;
    }

    static int Run(string codesPath, string format, string outPath, int? lists, int? nprobe, long seed)
    {
        if (format != "faiss") throw new InvalidInputException($"--format '{format}': only faiss is supported");
        if (nprobe is not null && lists is null) throw new InvalidInputException("--nprobe: only with --ivf");
        if (lists is < 1) throw new InvalidInputException($"--ivf {lists}: must be at least 1");
        if (nprobe is { } p && (p < 1 || p > lists)) throw new InvalidInputException($"--nprobe {p}: must be within 1..{lists} (the --ivf lists)");
        OutputFile.RequireNew("--out", outPath);
        var codes = CodeSet.Read(codesPath).Codes;
        if (codes.Bits % 8 != 0)
            throw InvalidInputException.At(codesPath, null, $"{codes.Bits}-bit codes: FAISS binary indexes need a multiple of 8 bits");
        if (codes.Count == 0) throw InvalidInputException.At(codesPath, null, "no codes to index");
        if (lists is { } nlist)
        {
            var ivf = BinaryIvf.Train(codes, nlist, seed);
            FaissBinaryIndex.WriteIvf(outPath, codes, ivf, nprobe ?? nlist);
            var sizes = ivf.Members().Select(m => m.Count).ToArray();
            Console.WriteLine($"wrote {outPath}: IndexBinaryIVF, d = {codes.Bits}, ntotal = {codes.Count}, nlist = {nlist}, nprobe = {nprobe ?? nlist}, " +
                              $"list sizes {sizes.Min()}..{sizes.Max()} ({sizes.Count(s => s == 0)} empty)");
        }
        else
        {
            FaissBinaryIndex.WriteFlat(outPath, codes);
            Console.WriteLine($"wrote {outPath}: IndexBinaryFlat, d = {codes.Bits}, ntotal = {codes.Count}");
        }
        return CliExit.Success;
    }
}
