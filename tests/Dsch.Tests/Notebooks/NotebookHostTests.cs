using System.Text.Json;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Notebooks;

/// <summary>Runs notebooks through <c>dsch notebooks run</c>, the in-process batch runner, and reads values back.</summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class NotebookHostTests
{
    static JsonElement RunJson(out CliResult result, params string[] arguments)
    {
        result = CliProcess.Run(["notebooks", "run", "--json", .. arguments]);
        var line = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
                   ?? throw new Xunit.Sdk.XunitException($"no JSON output; stderr: {result.Stderr}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public void SetupNotebook_Runs_ComputesTheGradient_AndWritesAnExecutedCopyWithChart()
    {
        using var output = new TempDirectory();
        var notebook = Path.Combine(CliProcess.RepositoryRoot, "notebooks", "00_setup.ipynb");
        var json = RunJson(out var result, notebook, "--out", output.Path,
            "--capture", "sumOfSquares", "--capture", "gradientMatches", "--param", "seed=5", "--capture", "seed");

        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.True(json.GetProperty("succeeded").GetBoolean());
        var values = json.GetProperty("values");
        Assert.Equal("True", values.GetProperty("gradientMatches").GetString());
        Assert.Equal(15.0, double.Parse(values.GetProperty("sumOfSquares").GetString()!, System.Globalization.CultureInfo.InvariantCulture), 3);
        Assert.Equal("5", values.GetProperty("seed").GetString()); // --param overrode the parameters cell

        var executed = File.ReadAllText(Path.Combine(output.Path, "00_setup.ipynb"));
        Assert.Contains("/* plotly.js ", executed);    // plotly.js inlined by the setup cell ...
        Assert.DoesNotContain("<script src=", executed);   // ... not a CDN link
        Assert.Contains("window.Plotly.newPlot(", executed); // the chart drawn by it
        Assert.Contains("<table>", executed);          // the Deedle frame as an HTML table
    }

    [Fact]
    public void BrokenNotebook_IsReported_WithTheFailingCellNumber_AndStops()
    {
        using var output = new TempDirectory();
        var json = RunJson(out var result, Fixture("broken.ipynb"), "--out", output.Path, "--capture", "marker");

        Assert.Equal(1, result.ExitCode);
        Assert.False(json.GetProperty("succeeded").GetBoolean());
        Assert.Equal(3, json.GetProperty("failedCell").GetInt32());
        Assert.Contains("broken on purpose", json.GetProperty("error").GetString());
        Assert.Equal("ran cell 3", json.GetProperty("values").GetProperty("marker").GetString());
    }

    [Fact]
    public void Capture_EvaluatesExpressions_InTheFinalState_AfterTheParameterOverride()
    {
        var json = RunJson(out var result, Fixture("squares.ipynb"), "--param", "count=4", "--capture", "squares.Sum()", "--capture", "count");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("30", json.GetProperty("values").GetProperty("squares.Sum()").GetString()); // 1 + 4 + 9 + 16
        Assert.Equal("4", json.GetProperty("values").GetProperty("count").GetString());
    }

    [Fact]
    public void CaptureOfAnExpressionThatDoesNotCompile_ExitsWith2_NamingIt()
    {
        var result = CliProcess.Run("notebooks", "run", Fixture("squares.ipynb"), "--capture", "nosuch.Length");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--capture nosuch.Length", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void UnknownParameter_ExitsWith2_NamingIt()
    {
        var result = CliProcess.Run("notebooks", "run", Fixture("broken.ipynb"), "--param", "nosuch=1");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nosuch", result.Stderr);
    }

    [Fact]
    public void MissingNotebook_ExitsWith2_NamingTheFile()
    {
        var result = CliProcess.Run("notebooks", "run", "does/not/exist.ipynb");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("exist.ipynb", result.Stderr);
    }
}
