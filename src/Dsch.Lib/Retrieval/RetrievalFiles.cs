using Dsch.Data;

namespace Dsch.Retrieval;

/// <summary>
/// Reads codes and labels from <c>.npy</c> files for evaluation — the exchange format with Python
/// tooling — validating shape, dtype and values; every problem is an <see cref="InvalidInputException"/>
/// naming the file and the row/column.
/// </summary>
/// <remarks>
/// Codes: a 2-D (N, L) array. Float and signed-integer arrays are continuous outputs whose sign is
/// taken (<c>sign(0) = +1</c>); <c>uint8</c> and <c>bool</c> arrays are 0/1 bits (1 = +1).
/// Labels: a 1-D array of non-negative integer class ids, or a 2-D (N, C) 0/1 multi-hot array
/// (integer, bool, or float holding exactly 0/1).
/// </remarks>
public static class RetrievalFiles
{
    /// <summary>Reads a code file (see remarks).</summary>
    public static HashCodes ReadCodes(string path)
    {
        var array = NpyFile.Read(path);
        if (array.Rank != 2)
            throw InvalidInputException.At(path, null, $"codes must be a 2-D (N, L) array, got shape ({string.Join(", ", array.Shape)})");
        int n = array.Shape[0], bits = array.Shape[1];
        if (bits < 1 || bits > HashCodes.MaxBits)
            throw InvalidInputException.At(path, null, $"code length {bits} is outside [1, {HashCodes.MaxBits}]");
        try
        {
            // Switch on the dtype, not the array's runtime type: the CLR lets an sbyte[] pass as byte[].
            return array.Type switch
            {
                NpyType.Float32 => HashCodes.From((float[])array.Data, n, bits),
                NpyType.Float64 => HashCodes.From((double[])array.Data, n, bits),
                NpyType.UInt8 => HashCodes.FromBits((byte[])array.Data, n, bits),
                NpyType.Bool => HashCodes.FromBits(Array.ConvertAll((bool[])array.Data, v => v ? (byte)1 : (byte)0), n, bits),
                _ => HashCodes.From(Array.ConvertAll(array.ToInt64s(), v => v >= 0 ? 1f : -1f), n, bits),
            };
        }
        catch (ArgumentException e)
        {
            throw InvalidInputException.At(path, null, e.Message);
        }
    }

    /// <summary>
    /// Reads query and database labels together, so that class ids get one common number of classes
    /// (max id + 1 over both) and multi-hot widths are checked against each other.
    /// </summary>
    public static (LabelMatrix Queries, LabelMatrix Database) ReadLabels(string queryPath, string databasePath)
    {
        var queries = NpyFile.Read(queryPath);
        var database = NpyFile.Read(databasePath);
        if (queries.Rank != database.Rank)
            throw new InvalidInputException($"{queryPath} is {queries.Rank}-D but {databasePath} is {database.Rank}-D: both labels must be class ids (1-D) or multi-hot (2-D)");
        if (queries.Rank == 1)
        {
            var queryIds = ClassIds(queryPath, queries);
            var databaseIds = ClassIds(databasePath, database);
            int classes = Math.Max(queryIds.DefaultIfEmpty(0).Max(), databaseIds.DefaultIfEmpty(0).Max()) + 1;
            return (LabelMatrix.FromClassIds(queryIds, classes), LabelMatrix.FromClassIds(databaseIds, classes));
        }
        if (queries.Rank != 2)
            throw InvalidInputException.At(queryPath, null, $"labels must be 1-D class ids or 2-D multi-hot, got {queries.Rank}-D");
        if (queries.Shape[1] != database.Shape[1])
            throw new InvalidInputException($"label widths differ: {queryPath} has {queries.Shape[1]} classes, {databasePath} has {database.Shape[1]}");
        return (MultiHot(queryPath, queries), MultiHot(databasePath, database));
    }

    static int[] ClassIds(string path, NpyArray array)
    {
        if (array.Type is NpyType.Float32 or NpyType.Float64)
            throw InvalidInputException.At(path, null, $"class ids must be integers, got {array.Type}");
        var values = array.ToInt64s();
        var ids = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] < 0 || values[i] > 1_000_000)
                throw InvalidInputException.At(path, $"row {i}", $"class id {values[i]} is outside [0, 1000000]");
            ids[i] = (int)values[i];
        }
        return ids;
    }

    static LabelMatrix MultiHot(string path, NpyArray array)
    {
        int n = array.Shape[0], classes = array.Shape[1];
        if (classes < 1) throw InvalidInputException.At(path, null, "multi-hot labels need at least one column");
        var values = array.ToDoubles();
        var multiHot = new byte[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] != 0 && values[i] != 1)
                throw InvalidInputException.At(path, $"row {i / classes}, column {i % classes}", $"multi-hot label {values[i]} is not 0/1");
            multiHot[i] = (byte)values[i];
        }
        return new LabelMatrix(n, classes, multiHot);
    }

    /// <summary>Checks that codes and labels describe the same items and that query and database codes have one length.</summary>
    public static void CheckConsistent(string queryCodesPath, HashCodes queries, string databaseCodesPath, HashCodes database,
        string queryLabelsPath, LabelMatrix queryLabels, string databaseLabelsPath, LabelMatrix databaseLabels)
    {
        if (queries.Bits != database.Bits)
            throw new InvalidInputException($"code lengths differ: {queryCodesPath} has {queries.Bits} bits, {databaseCodesPath} has {database.Bits}");
        if (queries.Count != queryLabels.Count)
            throw new InvalidInputException($"row counts differ: {queryCodesPath} has {queries.Count} codes, {queryLabelsPath} has {queryLabels.Count} label rows");
        if (database.Count != databaseLabels.Count)
            throw new InvalidInputException($"row counts differ: {databaseCodesPath} has {database.Count} codes, {databaseLabelsPath} has {databaseLabels.Count} label rows");
        if (database.Count == 0) throw InvalidInputException.At(databaseCodesPath, null, "the database is empty");
        if (queries.Count == 0) throw InvalidInputException.At(queryCodesPath, null, "no queries (0 rows): mAP over an empty query set is undefined");
    }
}
