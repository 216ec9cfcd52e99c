using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace Dsch.Cli.Notebooks;

/// <summary>HTML formatters so charts and tables render in executed notebooks, offline.</summary>
static class NotebookFormatters
{
    static bool _registered;

    /// <summary>Registers the formatters once per process.</summary>
    public static void Register()
    {
        if (_registered) return;
        _registered = true;
        // plotly.js embedded in the output (no CDN), so saved notebooks render without a network.
        Formatter.Register<GenericChart>(chart => Dsch.Experiments.Charts.ToStandaloneHtml(chart), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(GenericChart), HtmlFormatter.MimeType);
        Formatter.Register(typeof(Deedle.IFrame), (value, writer) => writer.Write(Dsch.Experiments.FrameHtml.ToHtml((Deedle.IFrame)value)), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(Deedle.IFrame), HtmlFormatter.MimeType);
        Formatter.Register<Dsch.Notebooks.HtmlFragment>(fragment => fragment.Html, HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(Dsch.Notebooks.HtmlFragment), HtmlFormatter.MimeType);
    }
}
