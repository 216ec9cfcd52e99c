using Dsch.Data;

namespace Dsch.Training;

/// <summary>
/// The final codes and labels of a run as <c>.npy</c>, in the layout <c>dsch evaluate</c> reads, so any tool can
/// re-score them: <c>query_codes.npy</c>/<c>database_codes.npy</c> (float32 continuous codes, sign taken at
/// evaluation) and <c>query_labels.npy</c>/<c>database_labels.npy</c> (uint8 multi-hot).
/// </summary>
public static class RunArtifacts
{
    /// <summary>Writes the four files atomically.</summary>
    public static void WriteCodes(string runDirectory, float[] queryCodes, float[] databaseCodes, int bits,
        LabelMatrix queryLabels, LabelMatrix databaseLabels)
    {
        NpyFile.Write(Path.Combine(runDirectory, "query_codes.npy"), queryCodes, queryCodes.Length / bits, bits);
        NpyFile.Write(Path.Combine(runDirectory, "database_codes.npy"), databaseCodes, databaseCodes.Length / bits, bits);
        NpyFile.Write(Path.Combine(runDirectory, "query_labels.npy"), queryLabels.MultiHot.ToArray(), queryLabels.Count, queryLabels.Classes);
        NpyFile.Write(Path.Combine(runDirectory, "database_labels.npy"), databaseLabels.MultiHot.ToArray(), databaseLabels.Count, databaseLabels.Classes);
    }
}
