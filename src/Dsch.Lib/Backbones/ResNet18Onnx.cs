using Dsch.Backbones.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Backbones;

/// <summary>
/// Loads the offline ImageNet ResNet-18 of the NuGet package <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c>
/// 0.23.1 (<c>ResNet18.onnx</c> + <c>ResNetPreprocess.onnx</c>) into a TorchSharp <see cref="ResNet18"/>.
/// </summary>
/// <remarks>
/// <para>Where the files are found: only in the folder given to <see cref="LoadPretrained"/>, if any; otherwise (first hit wins)
/// <c>DnnImageModels/</c> next to <c>Dsch.Lib.dll</c> (the build copies both graphs there, so bin/dsch,
/// the tests and notebooks that <c>#r</c> bin/dsch all have them); <c>DnnImageModels/</c> under the
/// application base folder; the package in the NuGet global packages folder (<c>$NUGET_PACKAGES</c> or
/// <c>~/.nuget/packages</c>).</para>
/// <para>Mapping (<see cref="ResNet18OnnxMapping"/>): the graph is walked from its 8 residual <c>Add</c>
/// nodes back through Relu/BatchNormalization/Conv, so names follow the structure, not the node order.</para>
/// </remarks>
public static class ResNet18Onnx
{
    /// <summary>NuGet package that ships the model.</summary>
    public const string PackageId = "Microsoft.ML.DnnImageFeaturizer.ResNet18";

    /// <summary>Package version the build downloads (must match Dsch.Lib.csproj).</summary>
    public const string PackageVersion = "0.23.1";

    /// <summary>Input name of <c>ResNet18.onnx</c>.</summary>
    public const string InputName = "Input247";

    /// <summary>Output name of <c>ResNet18.onnx</c> (N, 512, 1, 1).</summary>
    public const string OutputName = "Pooling395_Output_0";

    /// <summary>Creates the pretrained ResNet-18 in eval mode from the ONNX files (see remarks for the search order).</summary>
    public static ResNet18 LoadPretrained(string? modelFolder = null)
    {
        var network = OnnxModelReader.Read(Locate("ResNet18.onnx", modelFolder));
        var preprocess = OnnxModelReader.Read(Locate("ResNetPreprocess.onnx", modelFolder));
        using var meanImage = ReadMeanImage(preprocess);
        var model = new ResNet18(meanImage);
        var values = ResNet18OnnxMapping.StateDict(network);
        values["preprocess.mean_image"] = meanImage;
        try { StateDictAssigner.Assign(model, values, network.Source); }
        finally { foreach (var (key, tensor) in values) if (key != "preprocess.mean_image") tensor.Dispose(); }
        model.eval();
        return model;
    }

    /// <summary>Full path of <paramref name="fileName"/> (<c>ResNet18.onnx</c> or <c>ResNetPreprocess.onnx</c>).</summary>
    public static string Locate(string fileName, string? modelFolder = null)
    {
        var candidates = Candidates(fileName, modelFolder).ToList();
        return candidates.FirstOrDefault(File.Exists) ?? throw new FileNotFoundException(
            $"{fileName} (ImageNet ResNet-18, NuGet {PackageId} {PackageVersion}) not found; looked in: {string.Join(", ", candidates)}. " +
            "Run 'dotnet restore' (or ./dsch) to download the package.", fileName);
    }

    static IEnumerable<string> Candidates(string fileName, string? modelFolder)
    {
        if (modelFolder is not null)
        {
            yield return Path.Combine(modelFolder, fileName);   // an explicit folder is the only place looked at
            yield break;
        }
        var libraryFolder = Path.GetDirectoryName(typeof(ResNet18Onnx).Assembly.Location);
        if (!string.IsNullOrEmpty(libraryFolder)) yield return Path.Combine(libraryFolder, "DnnImageModels", fileName);
        yield return Path.Combine(AppContext.BaseDirectory, "DnnImageModels", fileName);
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var sub = fileName == "ResNet18.onnx" ? "ResNet18Onnx" : "ResNetPrepOnnx";
        yield return Path.Combine(packages, PackageId.ToLowerInvariant(), PackageVersion, "tools", "DnnImageModels", sub, fileName);
    }

    /// <summary>
    /// Checks that the preprocessing graph is Split(R, G, B) → Concat(B, G, R) → Sub(mean) and returns the
    /// mean image (1, 3, 224, 224), BGR, 0–255 units.
    /// </summary>
    static Tensor ReadMeanImage(OnnxGraph graph)
    {
        var ops = string.Join(",", graph.Nodes.Select(n => n.OpType));
        if (ops != "Split,Concat,Sub")
            throw InvalidInputException.At(graph.Source, null, $"expected the nodes Split,Concat,Sub, found {ops}");
        var split = graph.Nodes[0];
        var concat = graph.Nodes[1];
        if (!concat.Inputs.SequenceEqual(split.Outputs.Reverse()))
            throw InvalidInputException.At(graph.Source, "node Concat", "does not reverse the channel order (RGB → BGR)");
        var sub = graph.Nodes[2];
        var mean = graph.Initializer(sub.Inputs[1]);
        return torch.tensor(mean.Data, mean.Dims);
    }
}
