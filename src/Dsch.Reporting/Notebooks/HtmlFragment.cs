using System.Net;
using Dsch.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Notebooks;

/// <summary>
/// A piece of HTML a notebook cell returns (montages, retrieval results). The dsch notebook host registers an
/// HTML formatter for it, so executed notebooks show the picture inline and offline (PNG as a data URI).
/// </summary>
/// <param name="Html">Self-contained HTML: no external files, no scripts.</param>
public sealed record HtmlFragment(string Html)
{
    /// <summary>An <c>&lt;img&gt;</c> of <paramref name="image"/> (PNG, base64) with an optional caption below.</summary>
    public static HtmlFragment FromImage(Image<Rgb24> image, string? caption = null)
    {
        var img = $"<img alt=\"{WebUtility.HtmlEncode(caption ?? "image")}\" src=\"{ImageGrid.DataUri(image)}\"/>";
        return new HtmlFragment(caption is null ? $"<div>{img}</div>" : $"<figure style=\"margin:4px\">{img}<figcaption>{WebUtility.HtmlEncode(caption)}</figcaption></figure>");
    }

    /// <summary>The fragments one after another.</summary>
    public static HtmlFragment Join(IEnumerable<HtmlFragment> parts) => new(string.Concat(parts.Select(p => p.Html)));

    /// <inheritdoc/>
    public override string ToString() => Html;
}
