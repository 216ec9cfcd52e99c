using System.Reflection;

namespace Dsch.Tests.TestSupport;

/// <summary>Keeps the quick loop (<c>--filter Category!=Slow</c>) free of tests that start processes.</summary>
public class TestCategoryTests
{
    static readonly string[] ProcessStarts = ["Dsch.Tests.TestSupport.CliProcess::Run(", "System.Diagnostics.Process::Start("];

    /// <remarks>
    /// A test may start a process through a helper (<c>HostileInput.Run</c> calls <c>CliProcess.Run</c>), so the
    /// methods that start one are followed through the test assembly's own calls until no new one appears.
    /// </remarks>
    [Fact]
    public void EveryTestClassThatStartsAProcess_IsSlow()
    {
        var assembly = typeof(TestCategoryTests).Assembly;
        var methods = IlAssembly.Read(assembly.Location);
        var starting = new HashSet<string>();
        for (bool grew = true; grew;)
        {
            grew = false;
            foreach (var m in methods.Where(m => !starting.Contains(m.Key)))
                if (m.Calls.Any(c => ProcessStarts.Any(c.Callee.StartsWith) || starting.Contains(c.Callee)))
                    grew = starting.Add(m.Key);
        }
        var testClasses = starting
            .Select(key => key.Split("::")[0].Split('/')[0])                  // the outermost type (closures are nested in it)
            .Distinct()
            .Select(name => assembly.GetType(name, throwOnError: true)!)
            .Where(DeclaresTests).ToList();
        Assert.Contains(testClasses, t => t.Name == "ReproduceCliTests");     // the scan sees the CLI tests at all
        var quick = testClasses.Where(t => !IsSlow(t)).Select(t => t.FullName).ToList();
        Assert.True(quick.Count == 0, $"start processes but lack [Trait(TestCategory.Key, TestCategory.Slow)]: {string.Join(", ", quick)}");
    }

    static bool DeclaresTests(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            .Any(m => m.GetCustomAttributes<FactAttribute>().Any());          // [Theory] is a [Fact]

    static bool IsSlow(Type type) => type.GetCustomAttributesData().Any(a =>
        a.AttributeType == typeof(TraitAttribute)
        && a.ConstructorArguments is [{ Value: TestCategory.Key }, { Value: TestCategory.Slow }]);
}
