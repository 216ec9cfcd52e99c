namespace Dsch.Tests.Components;

/// <summary>
/// The component tests run one after another: the library switches libtorch's process-wide CPU
/// thread count around small operations (IntraOpThreads), and exact-determinism assertions must
/// not see another test's switch in the middle of a fit.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ComponentsCollection
{
    public const string Name = "Components (thread-count sensitive)";
}
