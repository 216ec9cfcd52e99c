using System.Globalization;

namespace Dsch.Cli.Commands;

/// <summary>
/// Parses comma-separated option values (<c>--bits 16,32,64</c>) with errors that name the option. A given list is
/// never empty (<c>--bits ,</c>) and never repeats an item (<c>--seeds 0,0</c> would report one run as two).
/// </summary>
static class ListOption
{
    public static IReadOnlyList<int> Ints(string option, string? text, IReadOnlyList<int> fallback) =>
        text is null ? fallback : Distinct(option, Items(option, text).Select(item => int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
            ? v : throw new InvalidInputException($"{option}: '{Dsch.IO.PathText.Quote(item)}' is not a non-negative integer")).ToList());

    public static IReadOnlyList<long> Longs(string option, string? text, IReadOnlyList<long> fallback) =>
        text is null ? fallback : Distinct(option, Items(option, text).Select(item => long.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
            ? v : throw new InvalidInputException($"{option}: '{Dsch.IO.PathText.Quote(item)}' is not a non-negative integer")).ToList());

    public static IReadOnlyList<string> Strings(string option, string? text, IReadOnlyList<string> fallback) =>
        text is null ? fallback : Distinct(option, Items(option, text));

    static List<string> Items(string option, string text)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (items.Count == 0) throw new InvalidInputException($"{option}: empty list");
        return items;
    }

    static List<T> Distinct<T>(string option, List<T> items)
    {
        var repeated = items.GroupBy(item => item).FirstOrDefault(group => group.Count() > 1);
        if (repeated is not null) throw new InvalidInputException($"{option}: '{Dsch.IO.PathText.Quote($"{repeated.Key}")}' appears {repeated.Count()} times");
        return items;
    }
}
