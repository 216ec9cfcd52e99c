using Dsch.Inference;

namespace Dsch.Notebooks;

/// <summary>A search of a notebook: the answer <c>dsch search</c> prints and its montage.</summary>
/// <param name="Result">Top-K rows, ids and Hamming distances per query.</param>
/// <param name="View">The query and its neighbours (bar under each: Hamming distance over the code length).</param>
public sealed record LabSearch(SearchResult Result, HtmlFragment View);

public static partial class Lab
{
    /// <summary>
    /// Encodes <paramref name="queryImage"/> with the trained run in <paramref name="runDirectory"/> and searches the database
    /// codes written by <c>dsch encode</c> (<paramref name="databaseCodes"/>, ids and manifest beside it) for its
    /// <paramref name="top"/> nearest codes — the call <c>dsch search --query-image … --run … --montage</c> makes.
    /// </summary>
    public static LabSearch Search(string databaseCodes, string queryImage, string runDirectory, int top = 10)
    {
        var database = CodeSet.Read(databaseCodes);
        var result = CodeSearch.SearchImage(database, queryImage, runDirectory, top);
        using var picture = SearchMontage.Of(result, database, queryImage, null);
        return new LabSearch(result, HtmlFragment.FromImage(picture, $"query and its {top} nearest codes"));
    }
}
