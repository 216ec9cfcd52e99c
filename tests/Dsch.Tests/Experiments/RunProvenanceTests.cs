using System.Text.Json;
using Dsch.Experiments;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Experiments;

public class RunProvenanceTests
{
    [Fact]
    public void Capture_RecordsVersionsDeviceSeedAndCommit_AndWritesJson()
    {
        var provenance = RunProvenance.Capture("cpu", seed: 7).Finish();
        Assert.Equal("0.107.0", provenance.TorchSharpVersion);
        Assert.Equal(7, provenance.Seed);
        Assert.Matches("^([0-9a-f]{40}|unknown)$", provenance.GitCommit);
        Assert.True(provenance.WallTime >= TimeSpan.Zero);

        using var folder = new TempDirectory();
        provenance.WriteTo(folder.Path);
        using var json = JsonDocument.Parse(File.ReadAllText(folder.File("provenance.json")));
        Assert.Equal("cpu", json.RootElement.GetProperty("device").GetString());
        Assert.Equal(7, json.RootElement.GetProperty("seed").GetInt64());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("cpuModel").GetString()));
    }
}
