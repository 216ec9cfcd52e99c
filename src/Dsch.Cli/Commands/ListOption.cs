using System.Globalization;

namespace Dsch.Cli.Commands;

/// <summary>
/// Parses comma-separated option values (<c>--bits 16,32,64</c>) with errors that name the option; a given list is never
/// empty (<c>--bits ,</c>). Repeated items are refused by <c>Reproduction.Run</c>'s own validation.
/// </summary>
static class ListOption
{
    public static IReadOnlyList<int> Ints(string option, string? text, IReadOnlyList<int> fallback) =>
        text is null ? fallback : Items(option, text).Select(item => int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
            ? v : throw new InvalidInputException($"{option}: '{PathText.Quote(item)}' is not a non-negative integer")).ToList();

    public static IReadOnlyList<long> Longs(string option, string? text, IReadOnlyList<long> fallback) =>
        text is null ? fallback : Items(option, text).Select(item => long.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
            ? v : throw new InvalidInputException($"{option}: '{PathText.Quote(item)}' is not a non-negative integer")).ToList();

    public static IReadOnlyList<string> Strings(string option, string? text, IReadOnlyList<string> fallback) =>
        text is null ? fallback : Items(option, text);

    static List<string> Items(string option, string text)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (items.Count == 0) throw new InvalidInputException($"{option}: empty list");
        return items;
    }
}
