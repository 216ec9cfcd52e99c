using System.Globalization;

namespace Dsch.Cli.Commands;

/// <summary>Parses comma-separated option values (<c>--bits 16,32,64</c>) with errors that name the option.</summary>
static class ListOption
{
    public static IReadOnlyList<int> Ints(string option, string? text, IReadOnlyList<int> fallback) =>
        text is null ? fallback : Items(text).Select(item => int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
            ? v : throw new InvalidInputException($"{option}: '{item}' is not a non-negative integer")).ToList();

    public static IReadOnlyList<long> Longs(string option, string? text, IReadOnlyList<long> fallback) =>
        text is null ? fallback : Items(text).Select(item => long.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
            ? v : throw new InvalidInputException($"{option}: '{item}' is not a non-negative integer")).ToList();

    public static IReadOnlyList<string> Strings(string option, string? text, IReadOnlyList<string> fallback)
    {
        if (text is null) return fallback;
        var items = Items(text).ToList();
        if (items.Count == 0) throw new InvalidInputException($"{option}: empty list");
        return items;
    }

    static IEnumerable<string> Items(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
