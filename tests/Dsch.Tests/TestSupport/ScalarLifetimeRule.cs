using System.Reflection.Emit;

namespace Dsch.Tests.TestSupport;

/// <summary>
/// Finds TorchSharp <c>Scalar</c>s that the garbage collector may free while libtorch still reads them.
/// </summary>
/// <remarks>
/// A <c>Scalar</c> owns native memory and has a finalizer, and dispose scopes do not track it. One made on the fly
/// (<c>t == 0</c>, <c>t * 2.0</c>, <c>t.square()</c>, <c>a.add(b)</c>, which passes an implicit alpha of 1) is
/// unreachable as soon as its handle has been read, so a collection triggered by another thread can run its finalizer
/// during the native call: libtorch then reads freed memory ("Expected false to be true" from <c>Scalar::toLong</c>,
/// a wrong value, or a crash). A Scalar is held when it goes into a static field or into a local that is disposed
/// afterwards (<c>using</c>), which keeps it reachable until the call has returned.
/// </remarks>
public static class ScalarLifetimeRule
{
    /// <summary>A place that makes a Scalar nobody holds, or calls a TorchSharp method that does.</summary>
    public sealed record Finding(string Method, string Where, string Call)
    {
        public override string ToString() => $"{Where} in {Method}: {Call}";
    }

    /// <summary>TorchSharp methods that make an unheld Scalar themselves or through another such method.</summary>
    public static HashSet<string> UnsafeTorchSharpMethods(IReadOnlyList<IlMethod> torchSharp)
    {
        var unsafeKeys = torchSharp.Where(m => UnheldScalars(m).Any()).Select(m => m.Key).ToHashSet();
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (var method in torchSharp)
                if (!unsafeKeys.Contains(method.Key) && method.Calls.Any(c => unsafeKeys.Contains(c.Callee)))
                    grew = unsafeKeys.Add(method.Key);
        }
        return unsafeKeys;
    }

    /// <summary>Every unheld Scalar in <paramref name="methods"/> and every call into <paramref name="unsafeTorchSharp"/>.</summary>
    public static List<Finding> Check(IReadOnlyList<IlMethod> methods, IReadOnlySet<string> unsafeTorchSharp)
    {
        var findings = new List<Finding>();
        foreach (var method in methods)
        {
            foreach (var call in UnheldScalars(method))
                findings.Add(new Finding(method.Key, method.SourceOf(method.Instructions[call.Index].Offset), call.Callee));
            foreach (var call in method.Calls.Where(c => unsafeTorchSharp.Contains(c.Callee) && !MakesScalar(c.Callee)))
                findings.Add(new Finding(method.Key, method.SourceOf(method.Instructions[call.Index].Offset),
                                         $"{call.Callee} makes a Scalar it does not hold"));
        }
        return findings;
    }

    /// <summary>Calls that make a Scalar which is neither stored in a static field nor in a local disposed later.</summary>
    public static IEnumerable<IlCall> UnheldScalars(IlMethod method)
    {
        foreach (var call in method.Calls.Where(c => MakesScalar(c.Callee)))
        {
            var next = call.Index + 1 < method.Instructions.Count ? method.Instructions[call.Index + 1] : default;
            if (next.OpCode == OpCodes.Stsfld) continue;
            if (StoredLocal(next) is int local && IsDisposed(method, local)) continue;
            yield return call;
        }
    }

    static bool MakesScalar(string callee) =>
        callee.StartsWith("TorchSharp.Scalar::op_Implicit(", StringComparison.Ordinal)
        || (callee.StartsWith("TorchSharp.", StringComparison.Ordinal) && callee.Contains("::ToScalar(", StringComparison.Ordinal));

    // `using` disposes a local of class type as: ldloc n; brfalse; ldloc n; callvirt Dispose().
    static bool IsDisposed(IlMethod method, int local)
    {
        var instructions = method.Instructions;
        foreach (var call in method.Calls.Where(c => c.Callee.EndsWith("::Dispose()", StringComparison.Ordinal) && c.Index > 0))
            if (LoadedLocal(instructions[call.Index - 1]) == local) return true;
        return false;
    }

    static int? StoredLocal(IlInstruction i) =>
        i.OpCode == OpCodes.Stloc_0 ? 0 : i.OpCode == OpCodes.Stloc_1 ? 1 : i.OpCode == OpCodes.Stloc_2 ? 2
        : i.OpCode == OpCodes.Stloc_3 ? 3 : i.OpCode == OpCodes.Stloc_S || i.OpCode == OpCodes.Stloc ? i.Operand : null;

    static int? LoadedLocal(IlInstruction i) =>
        i.OpCode == OpCodes.Ldloc_0 ? 0 : i.OpCode == OpCodes.Ldloc_1 ? 1 : i.OpCode == OpCodes.Ldloc_2 ? 2
        : i.OpCode == OpCodes.Ldloc_3 ? 3 : i.OpCode == OpCodes.Ldloc_S || i.OpCode == OpCodes.Ldloc ? i.Operand : null;
}
