using System.Net;
using Deedle;
using Dsch.Experiments;
using Dsch.Notebooks;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Interactive;

/// <summary>The HTML formatters of the notebooks' value types (charts, frames, fragments, images, the setup value).</summary>
static class DisplayFormatters
{
    /// <summary>Registers each formatter and makes HTML the preferred output of its type (a later registration replaces an earlier one).</summary>
    public static void Register()
    {
        Html<GenericChart>(Charts.ToNotebookHtml);
        Html<IFrame>(frame => FrameHtml.ToHtml(frame));
        Html<HtmlFragment>(fragment => fragment.Html);
        Html<Image<Rgb24>>(image => HtmlFragment.FromImage(image).Html);
        Html<DisplaySetup>(setup => $"<div>{WebUtility.HtmlEncode(setup.Summary)}</div>" + Charts.PlotlyJsLoader());
    }

    static void Html<T>(Func<T, string> toHtml)
    {
        Formatter.Register(typeof(T), (value, writer) => writer.Write(toHtml((T)value)), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(T), HtmlFormatter.MimeType);
    }
}
