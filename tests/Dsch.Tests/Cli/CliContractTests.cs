using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Cli;

[Trait(TestCategory.Key, TestCategory.Slow)]
public class CliContractTests
{
    [Fact]
    public void Help_ListsTheVerbs_UnderTheCommandPeopleType()
    {
        var result = CliProcess.Run("--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var verb in new[] { "reproduce", "info", "notebooks" }) Assert.Contains(verb, result.Stdout);
        Assert.Contains("dsch [command] [options]", result.Stdout);
        Assert.DoesNotContain("Dsch.Cli", result.Stdout);   // the assembly name `dotnet` runs, not what users type
        Assert.Contains("dsch train [options]", CliProcess.Run("train", "--help").Stdout);
    }

    [Fact]
    public void Info_ProvesTorchComputes_AndFindsFashionMnist()
    {
        var result = CliProcess.Run("info");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("ok (2x2 matmul)", result.Stdout);
        Assert.Contains("0.107.0", result.Stdout);
        Assert.Contains("fashion-mnist", result.Stdout);
    }

    [Fact]
    public void UnknownVerb_ExitsWith2()
    {
        var result = CliProcess.Run("no-such-verb");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no-such-verb", result.Stderr);
    }

    [Fact]
    public void BadOptionValue_ExitsWith2_NamingTheOption()
    {
        var result = CliProcess.Run("info", "--device", "tpu");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--device", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr); // a one-line reason, not a stack trace
    }
}
