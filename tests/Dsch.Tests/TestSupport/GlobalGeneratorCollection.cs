namespace Dsch.Tests.TestSupport;

/// <summary>
/// Tests whose results depend on libtorch's process-wide random generator (<c>torch.manual_seed</c>, dropout): xUnit
/// runs them alone, after the parallel classes, since any other test drawing from that generator between the seed and
/// the draw changes what they see (seen as a flaky <c>SameSeed_GivesIdenticalRandomTensors_OnCpu</c> under load).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalGeneratorCollection
{
    public const string Name = "libtorch's process-wide generator";
}
