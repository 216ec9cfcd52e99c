using System.Buffers.Binary;

namespace Dsch.Backbones.Onnx;

/// <summary>
/// Reads an ONNX model file (<c>ModelProto</c>, protobuf) into an <see cref="OnnxGraph"/>: nodes with
/// their int/float attributes, and initializers decoded to float32. No generated protobuf code and no
/// dependency: field numbers are those of <c>onnx.proto</c> (ModelProto.graph = 7; GraphProto
/// node = 1, initializer = 5, input = 11, output = 12; NodeProto input = 1, output = 2, name = 3,
/// op_type = 4, attribute = 5; TensorProto dims = 1, data_type = 2, float_data = 4, int64_data = 7,
/// name = 8, raw_data = 9, double_data = 10).
/// </summary>
/// <remarks>
/// Supported initializer types: FLOAT (1), INT64 (7, converted to float), DOUBLE (11, converted).
/// Any other type, external data, a truncated file or a data length that does not match the dims
/// throws <see cref="InvalidInputException"/> naming the file and the tensor or byte offset.
/// </remarks>
public static class OnnxModelReader
{
    const int Float = 1, Int64 = 7, Double = 11;

    /// <summary>Reads the graph of the ONNX model at <paramref name="path"/>.</summary>
    public static OnnxGraph Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: ONNX model not found", path);
        var bytes = Dsch.IO.InputFile.ReadAllBytes(path, what: "ONNX model");
        var reader = new ProtoWireReader(bytes, path);
        OnnxGraph? graph = null;
        while (reader.TryReadKey(out int field))
        {
            if (field == 7 && reader.WireType == 2) graph = ReadGraph(reader.ReadBytes(out int offset), path, offset);
            else reader.Skip();
        }
        return graph ?? throw InvalidInputException.At(path, null, "not an ONNX model (no graph field)");
    }

    static OnnxGraph ReadGraph(ReadOnlySpan<byte> bytes, string path, int baseOffset)
    {
        var reader = new ProtoWireReader(bytes, path, baseOffset);
        var nodes = new List<OnnxNode>();
        var initializers = new Dictionary<string, OnnxTensor>();
        var inputs = new List<string>();
        var outputs = new List<string>();
        while (reader.TryReadKey(out int field))
        {
            if (reader.WireType != 2) { reader.Skip(); continue; }
            var value = reader.ReadBytes(out int offset);
            switch (field)
            {
                case 1: nodes.Add(ReadNode(value, path, offset)); break;
                case 5: var t = ReadTensor(value, path, offset); initializers[t.Name] = t; break;
                case 11: inputs.Add(ReadValueInfoName(value, path, offset)); break;
                case 12: outputs.Add(ReadValueInfoName(value, path, offset)); break;
            }
        }
        inputs.RemoveAll(initializers.ContainsKey);
        return new OnnxGraph(path, nodes, initializers, inputs, outputs);
    }

    static string ReadValueInfoName(ReadOnlySpan<byte> bytes, string path, int baseOffset)
    {
        var reader = new ProtoWireReader(bytes, path, baseOffset);
        string name = "";
        while (reader.TryReadKey(out int field))
            if (field == 1 && reader.WireType == 2) name = reader.ReadString(); else reader.Skip();
        return name;
    }

    static OnnxNode ReadNode(ReadOnlySpan<byte> bytes, string path, int baseOffset)
    {
        var reader = new ProtoWireReader(bytes, path, baseOffset);
        var inputs = new List<string>();
        var outputs = new List<string>();
        var ints = new Dictionary<string, long[]>();
        var floats = new Dictionary<string, float>();
        string name = "", opType = "";
        while (reader.TryReadKey(out int field))
        {
            if (reader.WireType != 2) { reader.Skip(); continue; }
            switch (field)
            {
                case 1: inputs.Add(reader.ReadString()); break;
                case 2: outputs.Add(reader.ReadString()); break;
                case 3: name = reader.ReadString(); break;
                case 4: opType = reader.ReadString(); break;
                case 5: ReadAttribute(reader.ReadBytes(out int offset), path, offset, ints, floats); break;
                default: reader.Skip(); break;
            }
        }
        if (opType.Length == 0) throw InvalidInputException.At(path, $"byte {baseOffset}", "node without op_type");
        return new OnnxNode(opType, name, inputs, outputs, ints, floats);
    }

    static void ReadAttribute(ReadOnlySpan<byte> bytes, string path, int baseOffset,
        Dictionary<string, long[]> ints, Dictionary<string, float> floats)
    {
        var reader = new ProtoWireReader(bytes, path, baseOffset);
        string name = "";
        float? f = null;
        var values = new List<long>();
        while (reader.TryReadKey(out int field))
        {
            if (field == 1 && reader.WireType == 2) name = reader.ReadString();
            else if (field == 2 && reader.WireType == 5) f = reader.ReadFixed32Float();
            else if (field is 3 or 8 && reader.WireType is 0 or 2) reader.ReadInt64s(values);
            else reader.Skip();
        }
        if (f is float value) floats[name] = value;
        if (values.Count > 0) ints[name] = values.ToArray();
    }

    static OnnxTensor ReadTensor(ReadOnlySpan<byte> bytes, string path, int baseOffset)
    {
        var reader = new ProtoWireReader(bytes, path, baseOffset);
        var dims = new List<long>();
        var floatData = new List<float>();
        var int64Data = new List<long>();
        var doubleData = new List<double>();
        ReadOnlySpan<byte> raw = default;
        int dataType = 0;
        string name = "";
        while (reader.TryReadKey(out int field))
        {
            switch (field)
            {
                case 1: reader.ReadInt64s(dims); break;
                case 2: dataType = (int)reader.ReadVarint(); break;
                case 4: reader.ReadFloats(floatData); break;
                case 7: reader.ReadInt64s(int64Data); break;
                case 8: name = reader.ReadString(); break;
                case 9: raw = reader.ReadBytes(out _); break;
                case 10: ReadDoubles(ref reader, doubleData); break;
                case 13: throw InvalidInputException.At(path, $"tensor '{name}'", "external data is not supported");
                default: reader.Skip(); break;
            }
        }
        long count = dims.Aggregate(1L, (a, d) => d < 0 ? -1 : a * d);
        if (count < 0 || count > int.MaxValue) throw InvalidInputException.At(path, $"tensor '{name}'", $"invalid dims [{string.Join(",", dims)}]");
        var data = Decode(name, dataType, raw, floatData, int64Data, doubleData, path);
        if (data.Length != count)
            throw InvalidInputException.At(path, $"tensor '{name}'", $"has {data.Length} values but dims [{string.Join(",", dims)}] need {count}");
        return new OnnxTensor(name, dims.ToArray(), data);
    }

    static float[] Decode(string name, int dataType, ReadOnlySpan<byte> raw, List<float> floats,
        List<long> int64s, List<double> doubles, string path)
    {
        int width = dataType switch { Float => 4, Int64 => 8, Double => 8,
            _ => throw InvalidInputException.At(path, $"tensor '{name}'", $"unsupported data_type {dataType}") };
        if (raw.IsEmpty)
            return dataType switch { Float => floats.ToArray(), Int64 => int64s.Select(v => (float)v).ToArray(),
                _ => doubles.Select(v => (float)v).ToArray() };
        if (raw.Length % width != 0) throw InvalidInputException.At(path, $"tensor '{name}'", "raw_data length is not a multiple of the element size");
        var data = new float[raw.Length / width];
        for (int i = 0; i < data.Length; i++)
        {
            var item = raw.Slice(i * width, width);
            data[i] = dataType switch
            {
                Float => BinaryPrimitives.ReadSingleLittleEndian(item),
                Int64 => BinaryPrimitives.ReadInt64LittleEndian(item),
                _ => (float)BinaryPrimitives.ReadDoubleLittleEndian(item),
            };
        }
        return data;
    }

    static void ReadDoubles(ref ProtoWireReader reader, List<double> into)
    {
        var bytes = reader.ReadBytes(out _);
        for (int i = 0; i + 8 <= bytes.Length; i += 8) into.Add(BinaryPrimitives.ReadDoubleLittleEndian(bytes.Slice(i, 8)));
    }
}
