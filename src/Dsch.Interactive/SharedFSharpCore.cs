using System.Reflection;
using System.Runtime.Loader;

namespace Dsch.Interactive;

/// <summary>
/// Gives every assembly of a notebook one FSharp.Core — the one <c>bin/dsch</c> was built with — when the host's own
/// is older, so Plotly.NET, Deedle, Dsch.Reporting and Giraffe.ViewEngine agree on <c>FSharpFunc</c> and friends.
/// </summary>
/// <remarks>
/// Measured in stock Jupyter with dotnet-interactive 1.0.712001: the host loads FSharp.Core 10.0.0.0 into the default
/// load context. C# kernels resolve a referenced assembly through the default context first and load it from its
/// <c>#r</c> folder only when that fails. Plotly.NET, Deedle and Dsch.Reporting ask for FSharp.Core 10.1.0.0 — refused by the
/// default context, so they got <c>bin/dsch/FSharp.Core.dll</c> in a second context — while Giraffe.ViewEngine (built
/// against FSharp.Core 5.0) was satisfied by the host's 10.0: two <c>FSharpFunc</c> types met and Plotly.NET's
/// defaults failed with <c>MissingMethodException: Giraffe.ViewEngine.Attributes.get__id()</c>.
/// The fix answers the default context's <see cref="AssemblyLoadContext.Resolving"/> for FSharp.Core and
/// Giraffe.ViewEngine from one context of our own, so all of them bind to that one copy. Giraffe must be in it too:
/// the default context would otherwise bind its FSharp.Core 5.0 reference to the host's copy. In a host whose
/// FSharp.Core is recent enough (the project's runner, a newer Polyglot Notebooks) nothing is installed.
/// It must run before any of these assemblies is first used, hence the setup cell's first call.
/// </remarks>
static class SharedFSharpCore
{
    static readonly string[] Shared = ["FSharp.Core", "Giraffe.ViewEngine"];
    static readonly Lock Gate = new();
    static AssemblyLoadContext? _context;

    /// <summary>Whether the default context needed (and got) the shared copy; false when the host's FSharp.Core sufficed.</summary>
    public static bool Installed => _context is not null;

    /// <summary>Installs the shared copy from <paramref name="folder"/> when the host's FSharp.Core is older; idempotent.</summary>
    /// <exception cref="FileNotFoundException">FSharp.Core.dll is not in <paramref name="folder"/>.</exception>
    public static void EnsureFor(string folder)
    {
        lock (Gate)
        {
            if (_context is not null) return;
            var path = Path.Combine(folder, "FSharp.Core.dll");
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: missing; build bin/dsch with ./dsch info", path);
            var wanted = AssemblyName.GetAssemblyName(path);
            if (DefaultContextProvides(wanted)) return;
            var context = new FolderContext(folder);
            AssemblyLoadContext.Default.Resolving += (_, name) =>
                Shared.Contains(name.Name) && (name.Name != wanted.Name || name.Version is null || name.Version <= wanted.Version)
                    ? context.LoadFromAssemblyName(name)
                    : null;
            _context = context;
        }
    }

    /// <summary>True when the default context has, or can load, FSharp.Core at least as new as <paramref name="wanted"/>.</summary>
    static bool DefaultContextProvides(AssemblyName wanted)
    {
        var loaded = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => a.GetName().Name == wanted.Name);
        if (loaded is not null) return loaded.GetName().Version >= wanted.Version;
        try { return AssemblyLoadContext.Default.LoadFromAssemblyName(wanted).GetName().Version >= wanted.Version; }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException) { return false; }
    }

    /// <summary>Loads the shared assemblies from one folder; everything else falls back to the default context.</summary>
    sealed class FolderContext(string folder) : AssemblyLoadContext("dsch-fsharp-core")
    {
        protected override Assembly? Load(AssemblyName name) =>
            Shared.Contains(name.Name) && File.Exists(Path.Combine(folder, name.Name + ".dll"))
                ? LoadFromAssemblyPath(Path.Combine(folder, name.Name + ".dll"))
                : null;
    }
}
