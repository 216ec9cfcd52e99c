using System.Buffers.Binary;

namespace Dsch.Backbones.Onnx;

/// <summary>
/// A forward-only reader of the protobuf wire format (varints, 64-bit, length-delimited and 32-bit
/// fields) over a byte buffer, enough to walk an ONNX <c>ModelProto</c> without generated code.
/// </summary>
/// <remarks>
/// Wire format per the protobuf encoding guide: a key is the varint <c>(field &lt;&lt; 3) | wireType</c>.
/// Every read is bounds-checked; a truncated or malformed buffer throws
/// <see cref="InvalidInputException"/> naming <see cref="Source"/> and the byte offset.
/// </remarks>
internal ref struct ProtoWireReader
{
    readonly ReadOnlySpan<byte> _buffer;
    readonly int _baseOffset;
    int _position;

    /// <summary>Wire type of the field just read by <see cref="TryReadKey"/>.</summary>
    public int WireType { get; private set; }

    /// <summary>The file name used in error messages.</summary>
    public string Source { get; }

    /// <summary>Reads <paramref name="buffer"/>; <paramref name="baseOffset"/> is its offset in the file (for messages).</summary>
    public ProtoWireReader(ReadOnlySpan<byte> buffer, string source, int baseOffset = 0)
    {
        _buffer = buffer;
        _baseOffset = baseOffset;
        Source = source;
        _position = 0;
        WireType = -1;
    }

    /// <summary>Offset in the file of the next byte.</summary>
    public readonly int FileOffset => _baseOffset + _position;

    /// <summary>Reads the next field key; false at the end of the message.</summary>
    public bool TryReadKey(out int field)
    {
        field = 0;
        if (_position >= _buffer.Length) return false;
        ulong key = ReadVarint();
        WireType = (int)(key & 7);
        field = (int)(key >> 3);
        if (field <= 0) throw Error($"invalid field number {field}");
        return true;
    }

    /// <summary>Reads a base-128 varint.</summary>
    public ulong ReadVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _buffer.Length) throw Error("truncated varint");
            byte b = _buffer[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw Error("varint longer than 10 bytes");
    }

    /// <summary>Reads a length-delimited field's bytes; <paramref name="offset"/> is their file offset.</summary>
    public ReadOnlySpan<byte> ReadBytes(out int offset)
    {
        ulong length = ReadVarint();
        if (length > (ulong)(_buffer.Length - _position))
            throw Error($"length {length} runs past the end of the enclosing message");
        offset = FileOffset;
        var bytes = _buffer.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }

    /// <summary>Reads a UTF-8 string field.</summary>
    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBytes(out _));

    /// <summary>Reads a 32-bit little-endian float (wire type 5).</summary>
    public float ReadFixed32Float()
    {
        if (_buffer.Length - _position < 4) throw Error("truncated fixed32");
        float value = BinaryPrimitives.ReadSingleLittleEndian(_buffer.Slice(_position, 4));
        _position += 4;
        return value;
    }

    /// <summary>Skips the value of the field whose key was just read.</summary>
    public void Skip()
    {
        switch (WireType)
        {
            case 0: ReadVarint(); break;
            case 1: Advance(8); break;
            case 2: ReadBytes(out _); break;
            case 5: Advance(4); break;
            default: throw Error($"unsupported wire type {WireType}");
        }
    }

    /// <summary>Reads a repeated int64 field that may be packed (wire type 2) or not (wire type 0).</summary>
    public void ReadInt64s(List<long> into)
    {
        if (WireType == 0) { into.Add((long)ReadVarint()); return; }
        var packed = new ProtoWireReader(ReadBytes(out int offset), Source, offset);
        while (packed._position < packed._buffer.Length) into.Add((long)packed.ReadVarint());
    }

    /// <summary>Reads a repeated float field that may be packed (wire type 2) or not (wire type 5).</summary>
    public void ReadFloats(List<float> into)
    {
        if (WireType == 5) { into.Add(ReadFixed32Float()); return; }
        var bytes = ReadBytes(out int offset);
        if (bytes.Length % 4 != 0) throw InvalidInputException.At(Source, $"byte {offset}", "packed float field length is not a multiple of 4");
        for (int i = 0; i < bytes.Length; i += 4) into.Add(BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i, 4)));
    }

    void Advance(int count)
    {
        if (_buffer.Length - _position < count) throw Error("truncated fixed-width field");
        _position += count;
    }

    readonly InvalidInputException Error(string problem) =>
        InvalidInputException.At(Source, $"byte {FileOffset}", $"malformed protobuf: {problem}");
}
