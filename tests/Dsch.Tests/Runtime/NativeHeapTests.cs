using System.Runtime.InteropServices;
using Dsch.Runtime;

namespace Dsch.Tests.Runtime;

/// <summary>
/// <see cref="NativeHeap"/>: applied when the library loads on glibc, and a user's own allocator setting wins.
/// (That results do not move with it is shown by the bit-identity tests, which run under it.)
/// </summary>
public class NativeHeapTests
{
    static Func<string, string?> Env(params (string Name, string Value)[] set) =>
        name => set.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void IsApplied_OnLoad_UnlessTheUserTunedTheAllocator()
    {
        bool userSetting = NativeHeap.UserSetting(Environment.GetEnvironmentVariable);
        Assert.Equal(RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && !userSetting, NativeHeap.Configured);
    }

    [Theory]
    [InlineData("MALLOC_MMAP_THRESHOLD_", "1048576")]
    [InlineData("MALLOC_TRIM_THRESHOLD_", "0")]
    [InlineData("MALLOC_TOP_PAD_", "0")]
    [InlineData("GLIBC_TUNABLES", "glibc.cpu.hwcaps=-AVX512F:glibc.malloc.trim_threshold=0")]
    public void AUserSetting_Wins(string name, string value)
    {
        Assert.True(NativeHeap.UserSetting(Env((name, value))));
        Assert.False(NativeHeap.Configure(Env((name, value))));
    }

    [Fact]
    public void OtherVariables_AreNotAUserSetting()
    {
        Assert.False(NativeHeap.UserSetting(Env(("GLIBC_TUNABLES", "glibc.cpu.hwcaps=-AVX512F"), ("OMP_NUM_THREADS", "2"))));
        Assert.False(NativeHeap.UserSetting(Env()));
    }
}
