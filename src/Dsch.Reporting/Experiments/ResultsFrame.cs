using Deedle;

namespace Dsch.Experiments;

/// <summary>A <see cref="MethodBitsTable"/> as a Deedle frame, for notebooks (rows: methods in reading order, columns: code lengths).</summary>
public static class ResultsFrame
{
    /// <summary>The frame of <paramref name="table"/>; a method without a value at a code length has a missing cell there.</summary>
    public static Frame<string, string> Of(MethodBitsTable table)
    {
        var methods = ResultsSummary.OrderMethods(table.Cells.Keys).ToList();
        var builder = new FrameBuilder.Columns<string, string>();
        foreach (var column in table.Columns)
        {
            var series = new SeriesBuilder<string, string>();
            foreach (var method in methods)
                if (table.Cells[method].TryGetValue(column, out var value)) series.Add(method, value);
            builder.Add(column, series.Series);
        }
        return builder.Frame;
    }
}
