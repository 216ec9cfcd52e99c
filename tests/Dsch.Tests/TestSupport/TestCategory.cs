namespace Dsch.Tests.TestSupport;

/// <summary>
/// Trait values for <c>dotnet test --filter</c>. Classes whose tests take seconds each — notebooks, training runs,
/// feature extraction, <c>reproduce</c>/<c>ablate</c>, and everything that runs the CLI as a process — carry
/// <c>[Trait(TestCategory.Key, TestCategory.Slow)]</c>; the rest is the quick inner loop,
/// <c>dotnet test tests/Dsch.Tests --filter Category!=Slow</c>. <c>./dsch test</c> and CI run everything.
/// <see cref="TestCategoryTests"/> fails when a test runs the CLI as a process without the trait.
/// </summary>
public static class TestCategory
{
    /// <summary>The trait name the filter reads.</summary>
    public const string Key = "Category";

    /// <summary>Left out of the quick loop.</summary>
    public const string Slow = "Slow";
}
