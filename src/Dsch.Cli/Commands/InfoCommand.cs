using System.CommandLine;
using System.Text.Json;
using Dsch.Data;
using Dsch.Runtime;
using TorchSharp;

namespace Dsch.Cli.Commands;

/// <summary><c>dsch info</c>: versions, device, CPU threads and where each dataset was found.</summary>
static class InfoCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var device = new Option<string>("--device") { Description = "auto (cuda when available, else cpu), cpu or cuda.", DefaultValueFactory = _ => "auto" };
        var command = new Command("info", "Print versions, the compute device, CPU threads and where each dataset was found.") { json, device };
        command.SetAction(parse => CliExit.Guard(() => Run(parse.GetValue(json), parse.GetValue(device)!)));
        return command;
    }

    static int Run(bool asJson, string deviceText)
    {
        var device = ComputeDevice.Resolve(ComputeDevice.Parse(deviceText));
        // A real computation, so `info` proves libtorch loaded and works, not only that files exist.
        using var scope = torch.NewDisposeScope();                              // holds the temporaries (environment.md)
        using var check = torch.ones(2, 2, device: device).matmul(torch.ones(2, 2, device: device)).sum();
        var facts = new Dictionary<string, object?>
        {
            ["dsch"] = TorchRuntime.DschVersion,
            ["dotnet"] = Environment.Version.ToString(),
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["torchsharp"] = TorchRuntime.TorchSharpVersion,
            ["libtorch"] = TorchRuntime.LibTorchVersion,
            ["device"] = device.type.ToString().ToLowerInvariant(),
            ["cuda_available"] = ComputeDevice.CudaAvailable,
            ["torch_check"] = check.item<float>() == 8f ? "ok (2x2 matmul)" : "WRONG RESULT",
            ["cpu_threads"] = TorchRuntime.CpuThreads,
            ["logical_cores"] = Environment.ProcessorCount,
        };
        var datasets = DatasetRegistry.Names.ToDictionary(name => name,
            name => DatasetLocator.Find(name) ?? $"not found (looked in: {string.Join(", ", DatasetLocator.Candidates(name))})");
        if (asJson)
        {
            facts["datasets"] = datasets;
            Console.WriteLine(JsonSerializer.Serialize(facts, new JsonSerializerOptions { WriteIndented = true }));
            return CliExit.Success;
        }
        foreach (var (key, value) in facts) Console.WriteLine($"{key,-16} {value}");
        foreach (var (name, where) in datasets) Console.WriteLine($"{"data: " + name,-16} {where}");
        return CliExit.Success;
    }
}
