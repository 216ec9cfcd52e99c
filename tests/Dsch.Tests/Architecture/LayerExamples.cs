// Two namespaces that use each other, for NamespaceCycleTests.Reader_FindsACycleCompiledIntoAnAssembly; never called.

namespace Dsch.Tests.Architecture.LayerExamples.Low
{
    /// <summary>Names <see cref="High.Other"/> only inside a lambda, which the compiler moves into a nested type.</summary>
    sealed class Thing
    {
        public static Func<int> Later() => () => High.Other.Count();
    }
}

namespace Dsch.Tests.Architecture.LayerExamples.High
{
    /// <summary>Names <see cref="Low.Thing"/> only as the generic argument of a local.</summary>
    static class Other
    {
        public static int Count()
        {
            var things = new List<Low.Thing>();
            return things.Count;
        }
    }
}
