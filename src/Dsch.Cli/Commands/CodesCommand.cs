using System.CommandLine;
using Dsch.Inference;

namespace Dsch.Cli.Commands;

/// <summary><c>dsch codes merge</c>: joins the shards of a sharded <c>dsch encode</c> in shard order, after checking them.</summary>
static class CodesCommand
{
    public static Command Create()
    {
        var shards = new Argument<string[]>("shards") { Description = "The shard code files (any order; their .ids.txt and .manifest.json beside them).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Merged codes .npy to write (must not exist).", Required = true };
        var merge = new Command("merge", "Join encode shards 1..N of one run and one image list; refuses missing, repeated or foreign shards.") { shards, output };
        merge.SetAction(parse => CliExit.Guard(() =>
        {
            var outPath = OutputFile.RequireNewCodeSet("--out", parse.GetValue(output)!);
            var merged = CodeShards.Merge(parse.GetValue(shards)!);
            merged.Write(outPath, "--out");
            Console.WriteLine($"merged {merged.Manifest!.Shard.Total} codes of {merged.Codes.Bits} bits from {parse.GetValue(shards)!.Length} shards into {outPath}");
            return CliExit.Success;
        }));
        return new Command("codes", "Work with code files written by dsch encode.") { merge };
    }
}
