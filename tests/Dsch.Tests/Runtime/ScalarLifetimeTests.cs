using Dsch.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Tests.Runtime;

/// <summary>
/// No Scalar the garbage collector could free during a native call (<see cref="ScalarLifetimeRule"/>): the cause of a
/// CI failure in k-means (<c>counts == 0</c> read a freed Scalar while xUnit's other threads allocated).
/// </summary>
public class ScalarLifetimeTests
{
    static readonly Lazy<HashSet<string>> UnsafeTorchSharp = new(() =>
        ScalarLifetimeRule.UnsafeTorchSharpMethods(IlAssembly.Read(typeof(torch).Assembly.Location)));

    [Fact]
    public void Library_HoldsEveryScalarItPassesToLibtorch() =>
        AssertNoFindings(typeof(Dsch.Training.DschTrainer).Assembly.Location);

    [Fact]
    public void Reporting_HoldsEveryScalarItPassesToLibtorch() =>
        // The notebook facade Lab (Dsch.Reporting) does tensor work of its own: E-step walkthroughs, heatmap blocks.
        AssertNoFindings(typeof(Dsch.Notebooks.Lab).Assembly.Location);

    [Fact]
    public void Cli_HoldsEveryScalarItPassesToLibtorch() => AssertNoFindings(CliProcess.CliPath);

    [Fact]
    public void Tests_HoldEveryScalarTheyPassToLibtorch() =>
        // xUnit runs test classes on parallel threads, the setting in which the race shows; the examples are excluded.
        AssertNoFindings(typeof(ScalarLifetimeTests).Assembly.Location, m => !m.Key.Contains(nameof(ScalarLifetimeExamples)));

    [Fact]
    public void LibraryAndCli_NeverConvertAScalarToATensor()
    {
        // TorchSharp 0.107.0 declares an implicit Scalar → Tensor conversion that always throws ("Should not be
        // called"); `where(mask, Scalars.One, …)` compiles to it and fails only when run.
        const string conversion = "TorchSharp.torch/Tensor::op_Implicit(TorchSharp.Scalar)";
        var calls = new[] { typeof(Dsch.Training.DschTrainer).Assembly.Location, typeof(Dsch.Notebooks.Lab).Assembly.Location, CliProcess.CliPath }
            .SelectMany(IlAssembly.Read)
            .SelectMany(m => m.Calls.Where(c => c.Callee == conversion).Select(c => $"{m.SourceOf(m.Instructions[c.Index].Offset)} in {m.Key}"))
            .ToList();
        Assert.True(calls.Count == 0, "Scalar → Tensor conversions (they always throw):\n" + string.Join("\n", calls));
        Assert.Contains(IlAssembly.Read(typeof(ScalarLifetimeTests).Assembly.Location),
            m => m.Key.Contains(nameof(ScalarLifetimeExamples)) && m.Calls.Any(c => c.Callee == conversion));
    }

    [Fact]
    public void Rule_FindsTheOperatorsThatMakeScalarsInsideTorchSharp()
    {
        // The rule is only as good as its view of TorchSharp: these make a temporary Scalar in 0.107.0.
        string tensor = "TorchSharp.torch/Tensor";
        Assert.Contains($"{tensor}::op_Multiply({tensor},Double)", UnsafeTorchSharp.Value);
        Assert.Contains($"{tensor}::square()", UnsafeTorchSharp.Value);
        Assert.Contains($"{tensor}::add({tensor})", UnsafeTorchSharp.Value);
        Assert.DoesNotContain($"{tensor}::mul({tensor})", UnsafeTorchSharp.Value);
        Assert.DoesNotContain($"{tensor}::pow(TorchSharp.Scalar)", UnsafeTorchSharp.Value);
    }

    [Fact]
    public void Rule_FlagsTemporaryScalars_AndAcceptsHeldOnes()
    {
        var methods = IlAssembly.Read(typeof(ScalarLifetimeTests).Assembly.Location);
        var findings = ScalarLifetimeRule.Check(methods.Where(m => m.Key.Contains("ScalarLifetimeExamples")).ToList(),
                                                UnsafeTorchSharp.Value);
        var flagged = findings.Select(f => f.Method.Split("::")[1]).Distinct().Order().ToArray();
        Assert.Equal(new[] { "AddsTensors(TorchSharp.torch/Tensor,TorchSharp.torch/Tensor)",
                             "ComparesWithTemporary(TorchSharp.torch/Tensor)",
                             "MultipliesByDouble(TorchSharp.torch/Tensor)" }, flagged);
        Assert.All(findings, f => Assert.Contains("ScalarLifetimeTests.cs:", f.Where));
    }

    static void AssertNoFindings(string assembly, Func<IlMethod, bool>? include = null)
    {
        var methods = IlAssembly.Read(assembly).Where(include ?? (_ => true)).ToList();
        var findings = ScalarLifetimeRule.Check(methods, UnsafeTorchSharp.Value);
        Assert.True(findings.Count == 0,
            $"{findings.Count} Scalar(s) in {Path.GetFileName(assembly)} that the GC may free during a native call " +
            "(hold them with `using Scalar` or use Dsch.Runtime.Scalars):\n" + string.Join("\n", findings));
    }
}

/// <summary>Methods the rule is tested on; never called.</summary>
static class ScalarLifetimeExamples
{
    static readonly Scalar Two = 2.0.ToScalar();

    public static Tensor ComparesWithTemporary(Tensor t) => t == 0;
    public static Tensor MultipliesByDouble(Tensor t) => t * 2.0;
    public static Tensor AddsTensors(Tensor a, Tensor b) => a.add(b);
    public static Tensor MultipliesByStaticScalar(Tensor t) => t.mul(Two);
    public static Tensor ConvertsAScalarToATensor(Tensor mask) => where(mask, Two, Two);

    public static Tensor ComparesWithHeldScalar(Tensor t)
    {
        using Scalar zero = 0;
        return t.eq(zero);
    }
}
