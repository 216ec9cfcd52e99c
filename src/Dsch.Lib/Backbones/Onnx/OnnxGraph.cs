namespace Dsch.Backbones.Onnx;

/// <summary>One initializer (a named constant tensor) of an ONNX graph, decoded to float32.</summary>
/// <param name="Name">The initializer name, as referenced by node inputs.</param>
/// <param name="Dims">Its shape (row-major).</param>
/// <param name="Data">Its values, row-major, length = product of <paramref name="Dims"/>.</param>
public sealed record OnnxTensor(string Name, long[] Dims, float[] Data);

/// <summary>One operator node of an ONNX graph.</summary>
/// <param name="OpType">Operator name, e.g. <c>Conv</c>, <c>BatchNormalization</c>.</param>
/// <param name="Name">Node name (may be empty).</param>
/// <param name="Inputs">Input value names, in operator order.</param>
/// <param name="Outputs">Output value names.</param>
/// <param name="Ints">Integer and integer-list attributes (e.g. <c>strides</c>, <c>pads</c>, <c>group</c>).</param>
/// <param name="Floats">Float attributes (e.g. <c>epsilon</c>).</param>
public sealed record OnnxNode(
    string OpType, string Name, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs,
    IReadOnlyDictionary<string, long[]> Ints, IReadOnlyDictionary<string, float> Floats)
{
    /// <summary>The integer attribute <paramref name="name"/>, or <paramref name="fallback"/> when absent.</summary>
    public long[] IntsOr(string name, params long[] fallback) => Ints.TryGetValue(name, out var v) ? v : fallback;

    /// <summary>The float attribute <paramref name="name"/>, or <paramref name="fallback"/> when absent.</summary>
    public float FloatOr(string name, float fallback) => Floats.TryGetValue(name, out var v) ? v : fallback;
}

/// <summary>
/// The parts of an ONNX <c>ModelProto.graph</c> needed to import weights: nodes in topological
/// order, float initializers by name, graph input and output names.
/// </summary>
/// <param name="Source">The file the graph was read from (for error messages).</param>
/// <param name="Nodes">Operator nodes in the file's (topological) order.</param>
/// <param name="Initializers">Constant tensors by name.</param>
/// <param name="Inputs">Graph input names (initializers excluded).</param>
/// <param name="Outputs">Graph output names.</param>
public sealed record OnnxGraph(
    string Source, IReadOnlyList<OnnxNode> Nodes, IReadOnlyDictionary<string, OnnxTensor> Initializers,
    IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs)
{
    /// <summary>The initializer <paramref name="name"/>; throws naming the file when it is missing.</summary>
    public OnnxTensor Initializer(string name) =>
        Initializers.TryGetValue(name, out var t) ? t
            : throw InvalidInputException.At(Source, $"initializer '{name}'", "missing from the graph");
}
