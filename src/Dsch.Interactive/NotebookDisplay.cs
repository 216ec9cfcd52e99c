using System.Runtime.CompilerServices;

namespace Dsch.Interactive;

/// <summary>
/// The setup cell's one call: after it, Plotly.NET charts render as interactive charts, Deedle frames and tables as
/// HTML tables, and images as images, in any .NET Interactive host — stock Jupyter (<c>.net-csharp</c>), VS Code's
/// Polyglot Notebooks and <c>dsch notebooks run</c>.
/// </summary>
/// <remarks>
/// [decision] Why a small assembly of its own, called from the setup cell, rather than the library, the runner or a
/// kernel extension: the formatters bind to the host's <c>Microsoft.DotNet.Interactive.Formatting</c>, which
/// Dsch.Lib (used by the CLI and tests without any host) must not reference; registering them in the project's runner
/// only (as before) left every other host showing object trees; and .NET Interactive loads kernel extensions only from
/// NuGet packages, which would need a package feed and a manual step. A call in the setup cell runs in every host,
/// offline, from the <c>bin/dsch</c> the notebooks already reference.
/// </remarks>
public static class NotebookDisplay
{
    /// <summary>
    /// Shares one FSharp.Core with the host when its own is older (<see cref="SharedFSharpCore"/>), registers the HTML
    /// formatters, and returns a value whose HTML output loads plotly.js into the page — once per notebook, so chart
    /// outputs carry only their data. Calling it again is harmless: the load fix is installed once per process, the
    /// formatters are registered again (the same ones), and plotly.js is not evaluated twice by the page.
    /// </summary>
    public static DisplaySetup Enable()
    {
        var folder = Path.GetDirectoryName(typeof(NotebookDisplay).Assembly.Location)!;
        SharedFSharpCore.EnsureFor(folder);
        return RegisterFormatters();
    }

    // Touches Plotly.NET, Deedle and FSharp.Core types: must be compiled (and so load them) only after the load fix.
    [MethodImpl(MethodImplOptions.NoInlining)]
    static DisplaySetup RegisterFormatters()
    {
        DisplayFormatters.Register();
        return new DisplaySetup(Experiments.Charts.PlotlyJsVersion, SharedFSharpCore.Installed);
    }
}

/// <summary>What <see cref="NotebookDisplay.Enable"/> did; its HTML form carries plotly.js for the page.</summary>
/// <param name="PlotlyJsVersion">The plotly.js version loaded into the page.</param>
/// <param name="SharedFSharpCore">True when the host's FSharp.Core was older and the notebook's copy is shared with it.</param>
public sealed record DisplaySetup(string PlotlyJsVersion, bool SharedFSharpCore)
{
    /// <summary>One line for the cell's output.</summary>
    public string Summary => $"Dsch notebook display ready: charts (plotly.js {PlotlyJsVersion}, offline, loaded once here), tables and images render as HTML" +
                             (SharedFSharpCore ? "; FSharp.Core shared with the host (its own is older)." : ".");

    /// <inheritdoc/>
    public override string ToString() => Summary;
}
