using Dsch.Runtime;

namespace Dsch.Tests.TestSupport;

/// <summary>
/// A fact about a machine without CUDA. Where libtorch sees a GPU it is reported as skipped, so a CUDA run says
/// the check did not happen instead of passing it silently.
/// </summary>
public sealed class NoCudaFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when CUDA is available.</summary>
    public NoCudaFactAttribute()
    {
        if (ComputeDevice.CudaAvailable) Skip = "CUDA is available on this machine; this checks the behaviour without it";
    }
}
