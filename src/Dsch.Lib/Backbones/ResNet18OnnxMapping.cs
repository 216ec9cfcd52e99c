using Dsch.Backbones.Onnx;
using static TorchSharp.torch;

namespace Dsch.Backbones;

/// <summary>
/// Maps the initializers of the CNTK-exported ImageNet <c>ResNet18.onnx</c> to TorchVision state-dict names
/// (<c>conv1.weight</c>, <c>bn1.running_mean</c>, <c>layer2.0.downsample.0.weight</c>, …), checking the
/// structure and every convolution's hyper-parameters on the way.
/// </summary>
/// <remarks>
/// The graph has no convolution biases: every Conv is followed by a BatchNormalization
/// (inputs X, scale, B, mean, var; ε = 1e-5) → TorchVision's <c>weight, bias, running_mean, running_var</c>.
/// Blocks are found from the residual Add nodes in graph order ((2, 2, 2, 3) per stage); in each block the branch
/// ending in a BatchNormalization whose Conv reads a Relu is the main path, the other input is either
/// the block input (identity) or the downsample branch (1×1 Conv → BatchNormalization).
/// </remarks>
internal static class ResNet18OnnxMapping
{
    /// <summary>The state dict of <see cref="ResNet18"/> (without the preprocessing buffer) read from <paramref name="graph"/>.</summary>
    public static Dictionary<string, Tensor> StateDict(OnnxGraph graph)
    {
        var producer = new Dictionary<string, OnnxNode>();
        foreach (var node in graph.Nodes) foreach (var output in node.Outputs) producer[output] = node;
        var values = new Dictionary<string, Tensor>();
        var adds = graph.Nodes.Where(n => n.OpType == "Add").ToList();
        int expected = ResNet18.OnnxBlocksPerStage.Sum();
        if (adds.Count != expected) throw InvalidInputException.At(graph.Source, null, $"expected {expected} residual Add nodes, found {adds.Count}");
        var firstBlockOfStage = Enumerable.Range(0, 4).Select(s => ResNet18.OnnxBlocksPerStage.Take(s).Sum()).ToArray();  // 0, 2, 4, 6
        var stem = graph.Nodes.First(n => n.OpType == "Conv");
        if (stem.Inputs[0] != ResNet18Onnx.InputName) throw InvalidInputException.At(graph.Source, $"node {stem.Name}", "first Conv does not read the graph input");
        AddConvBn(graph, stem, Consumer(graph, stem, "BatchNormalization"), "conv1", "bn1", values, stride: 2, pads: [3, 3, 2, 2]);
        for (int b = 0; b < adds.Count; b++)
        {
            int stage = Array.FindLastIndex(firstBlockOfStage, first => first <= b);
            string prefix = $"layer{stage + 1}.{b - firstBlockOfStage[stage]}.";
            int stride = b == firstBlockOfStage[stage] && stage > 0 ? 2 : 1;
            var (main, shortcut) = SplitBranches(graph, adds[b], producer);
            var conv2 = Producer(graph, main.Inputs[0], "Conv", producer);
            var bn1 = Producer(graph, Producer(graph, conv2.Inputs[0], "Relu", producer).Inputs[0], "BatchNormalization", producer);
            var conv1 = Producer(graph, bn1.Inputs[0], "Conv", producer);
            AddConvBn(graph, conv1, bn1, prefix + "conv1", prefix + "bn1", values, stride, stride == 1 ? [1, 1, 1, 1] : [1, 1, 0, 0]);
            AddConvBn(graph, conv2, main, prefix + "conv2", prefix + "bn2", values, 1, [1, 1, 1, 1]);
            if (shortcut is { OpType: "BatchNormalization" })
                AddConvBn(graph, Producer(graph, shortcut.Inputs[0], "Conv", producer), shortcut,
                    prefix + "downsample.0", prefix + "downsample.1", values, stride, [0, 0, 0, 0]);
            else if (stride != 1)
                throw InvalidInputException.At(graph.Source, $"node {adds[b].Name}", "a strided block has no downsample branch");
        }
        return values;
    }

    static (OnnxNode Main, OnnxNode? Shortcut) SplitBranches(OnnxGraph graph, OnnxNode add, Dictionary<string, OnnxNode> producer)
    {
        var a = producer.GetValueOrDefault(add.Inputs[0]);
        var b = producer.GetValueOrDefault(add.Inputs[1]);
        bool IsMain(OnnxNode? n) => n is { OpType: "BatchNormalization" } && producer.TryGetValue(n.Inputs[0], out var conv)
            && conv.OpType == "Conv" && producer.TryGetValue(conv.Inputs[0], out var relu) && relu.OpType == "Relu"
            && producer.TryGetValue(relu.Inputs[0], out var bn) && bn.OpType == "BatchNormalization";
        if (IsMain(a)) return (a!, b);
        if (IsMain(b)) return (b!, a);
        throw InvalidInputException.At(graph.Source, $"node {add.Name}", "no Conv-BN-Relu-Conv-BN branch feeds this Add");
    }

    static OnnxNode Producer(OnnxGraph graph, string value, string opType, Dictionary<string, OnnxNode> producer) =>
        producer.TryGetValue(value, out var node) && node.OpType == opType ? node
            : throw InvalidInputException.At(graph.Source, $"value {value}", $"expected to be produced by a {opType} node");

    static OnnxNode Consumer(OnnxGraph graph, OnnxNode node, string opType) =>
        graph.Nodes.FirstOrDefault(n => n.OpType == opType && n.Inputs.Count > 0 && n.Inputs[0] == node.Outputs[0])
            ?? throw InvalidInputException.At(graph.Source, $"node {node.Name}", $"is not followed by {opType}");

    static void AddConvBn(OnnxGraph graph, OnnxNode conv, OnnxNode bn, string convName, string bnName,
        Dictionary<string, Tensor> values, long stride, long[] pads)
    {
        string where = $"node {conv.Name}";
        if (conv.Inputs.Count != 2) throw InvalidInputException.At(graph.Source, where, "Conv with a bias is not expected in this graph");
        if (!conv.IntsOr("strides", 1, 1).SequenceEqual([stride, stride]) || !conv.IntsOr("pads", 0, 0, 0, 0).SequenceEqual(pads)
            || conv.IntsOr("group", 1)[0] != 1 || conv.IntsOr("dilations", 1, 1).Any(d => d != 1))
            throw InvalidInputException.At(graph.Source, where, $"strides/pads/group/dilations differ from {convName} of ResNet-18");
        if (Math.Abs(bn.FloatOr("epsilon", 1e-5f) - 1e-5f) > 1e-9f)
            throw InvalidInputException.At(graph.Source, $"node {bn.Name}", "BatchNormalization epsilon is not 1e-5");
        values[convName + ".weight"] = ToTensor(graph.Initializer(conv.Inputs[1]));
        string[] names = ["weight", "bias", "running_mean", "running_var"];
        for (int i = 0; i < names.Length; i++) values[$"{bnName}.{names[i]}"] = ToTensor(graph.Initializer(bn.Inputs[i + 1]));
    }

    static Tensor ToTensor(OnnxTensor t) => tensor(t.Data, t.Dims);
}
