using System.CommandLine;
using Dsch.Baselines;
using Dsch.Data;

namespace Dsch.Cli.Commands;

/// <summary>
/// <c>dsch baseline</c>: fits a classical hashing method (LSH, PCAH, ITQ, SH) on training features and
/// writes the codes of other features as an (N, B) <c>int8</c> array of ±1 (+1 where the projection ≥ 0),
/// ready for <c>dsch evaluate</c>.
/// </summary>
static class BaselineCommand
{
    public static Command Create()
    {
        var method = new Option<string>("--method") { Description = "lsh, pcah, itq or sh.", Required = true };
        var bits = new Option<int>("--bits") { Description = "Code length B.", Required = true };
        var train = new Option<string>("--train") { Description = "Training features .npy, 2-D (N, D) float or int.", Required = true };
        var encode = new Option<string>("--encode") { Description = "Features to encode .npy, 2-D (M, D).", Required = true };
        var output = new Option<string>("--out") { Description = "Output .npy to write (must not exist): (M, B) int8 codes of ±1.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of LSH hyperplanes / ITQ initial rotation (PCAH and SH ignore it).", DefaultValueFactory = _ => 0 };
        var command = new Command("baseline", "Fit a classical hashing baseline on features and write ±1 int8 codes of other features.")
        {
            method, bits, train, encode, output, seed,
        };
        command.SetAction(parse => CliExit.Guard(() => Run(parse.GetValue(method)!, parse.GetValue(bits), parse.GetValue(train)!,
            parse.GetValue(encode)!, parse.GetValue(output)!, parse.GetValue(seed))));
        return command;
    }

    static int Run(string method, int bits, string trainPath, string encodePath, string outPath, int seed)
    {
        if (!Hasher.Methods.Contains(method))
            throw new InvalidInputException($"--method: '{method}' is not one of {string.Join(", ", Hasher.Methods)}");
        if (bits < 1 || bits > Retrieval.HashCodes.MaxBits) throw new InvalidInputException($"--bits: {bits} is outside [1, {Retrieval.HashCodes.MaxBits}]");
        OutputFile.RequireNew("--out", outPath);                              // never overwrites, not even its own --train
        var train = FeatureMatrix.Read(trainPath);
        var features = FeatureMatrix.Read(encodePath);
        if (features.Columns != train.Columns)
            throw new InvalidInputException($"feature widths differ: {trainPath} has {train.Columns} columns, {encodePath} has {features.Columns}");
        if ((method is "pcah" or "itq") && bits > train.Columns)
            throw new InvalidInputException($"--bits: {method} projects onto {bits} principal directions but {trainPath} has only {train.Columns} feature columns");
        if (train.Rows < 2) throw InvalidInputException.At(trainPath, null, $"need at least 2 training rows, got {train.Rows}");
        var hasher = Hasher.Fit(method, train, bits, seed);
        var codes = hasher.Encode(features);
        Dsch.IO.AtomicFile.WriteNew(outPath, "--out", stream => NpyFile.Write(stream, NpyArray.Create(codes.ToSigns(), codes.Count, codes.Bits)));
        Console.WriteLine($"{method}: {codes.Count} codes of {codes.Bits} bits written to {outPath} (int8 ±1)");
        if (hasher is ItqHasher itq)
            Console.WriteLine($"itq quantisation loss: {itq.QuantizationLoss[0]:G6} → {itq.QuantizationLoss[^1]:G6} over {itq.QuantizationLoss.Count - 1} iterations");
        return CliExit.Success;
    }
}
