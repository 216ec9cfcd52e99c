using System.Reflection;

namespace Dsch.Tests.TestSupport;

/// <summary>Keeps the quick loop (<c>--filter Category!=Slow</c>) free of tests that start processes.</summary>
public class TestCategoryTests
{
    static readonly string[] ProcessStarts = ["Dsch.Tests.TestSupport.CliProcess::Run(", "System.Diagnostics.Process::Start("];

    [Fact]
    public void EveryTestClassThatStartsAProcess_IsSlow()
    {
        var assembly = typeof(TestCategoryTests).Assembly;
        var starters = IlAssembly.Read(assembly.Location)
            .Where(m => m.Calls.Any(c => ProcessStarts.Any(c.Callee.StartsWith)))
            .Select(m => m.Key.Split("::")[0].Split('/')[0])                  // the outermost type (closures are nested in it)
            .Where(type => type != typeof(CliProcess).FullName)
            .Distinct().ToList();
        Assert.NotEmpty(starters);                                            // the scan sees the CLI tests at all
        var quick = starters.Where(name => !IsSlow(assembly.GetType(name, throwOnError: true)!)).ToList();
        Assert.True(quick.Count == 0, $"start processes but lack [Trait(TestCategory.Key, TestCategory.Slow)]: {string.Join(", ", quick)}");
    }

    static bool IsSlow(Type type) => type.GetCustomAttributesData().Any(a =>
        a.AttributeType == typeof(TraitAttribute)
        && a.ConstructorArguments is [{ Value: TestCategory.Key }, { Value: TestCategory.Slow }]);
}
