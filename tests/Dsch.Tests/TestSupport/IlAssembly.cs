using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Dsch.Tests.TestSupport;

/// <summary>One IL instruction: its offset, opcode and (for calls, locals and fields) its operand.</summary>
public readonly record struct IlInstruction(int Offset, OpCode OpCode, int Operand);

/// <summary>A call instruction and the method it names, as <c>Namespace.Type/Nested::Name(ParamTypes)</c>.</summary>
public readonly record struct IlCall(int Index, string Callee);

/// <summary>A method body read from an assembly: its name, instructions, calls and where it sits in the source.</summary>
public sealed record IlMethod(string Key, IReadOnlyList<IlInstruction> Instructions, IReadOnlyList<IlCall> Calls,
                              Func<int, string> SourceOf);

/// <summary>
/// Reads the method bodies of an assembly with <see cref="System.Reflection.Metadata"/> (no loading, no execution),
/// naming every called method so that rules about calls can be checked across assemblies; the portable PDB beside
/// the assembly, when there is one, maps instructions back to file and line.
/// </summary>
public static class IlAssembly
{
    static readonly Dictionary<ushort, OpCode> OpCodesByValue = typeof(OpCodes).GetFields()
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => (ushort)o.Value);

    /// <summary>Every method with a body in the assembly at <paramref name="path"/>.</summary>
    public static IReadOnlyList<IlMethod> Read(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        string pdbPath = Path.ChangeExtension(path, ".pdb");
        using var pdbProvider = File.Exists(pdbPath) ? MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(pdbPath)) : null;
        var pdb = pdbProvider?.GetMetadataReader();
        var names = new Names(md);
        var methods = new List<IlMethod>();
        foreach (var handle in md.MethodDefinitions)
        {
            var method = md.GetMethodDefinition(handle);
            if (method.RelativeVirtualAddress == 0) continue;
            var instructions = Decode(pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes()!, path, names.Of(handle));
            var calls = new List<IlCall>();
            for (int i = 0; i < instructions.Count; i++)
            {
                var op = instructions[i].OpCode;
                if (op != OpCodes.Call && op != OpCodes.Callvirt && op != OpCodes.Newobj) continue;
                calls.Add(new IlCall(i, names.Of(MetadataTokens.EntityHandle(instructions[i].Operand))));
            }
            var lines = pdb is null ? null : SequencePoints(pdb, handle);
            methods.Add(new IlMethod(names.Of(handle), instructions, calls, offset => Locate(lines, offset)));
        }
        return methods;
    }

    /// <summary>The instructions of a method body; <paramref name="path"/> and <paramref name="method"/> only name it in errors.</summary>
    internal static List<IlInstruction> Decode(byte[] il, string path, string method)
    {
        var instructions = new List<IlInstruction>();
        for (int i = 0; i < il.Length;)
        {
            int offset = i;
            ushort value = il[i++];
            if (value == 0xFE) value = (ushort)(0xFE00 | il[i++]);
            if (!OpCodesByValue.TryGetValue(value, out var op))
                throw new InvalidDataException($"{path}: {method}: unknown IL opcode 0x{value:X} at offset {offset}");
            int operand = op.OperandType switch
            {
                OperandType.ShortInlineVar or OperandType.ShortInlineI or OperandType.ShortInlineBrTarget => il[i],
                OperandType.InlineVar => BitConverter.ToUInt16(il, i),
                OperandType.InlineNone or OperandType.InlineI8 or OperandType.InlineR => 0,
                _ => BitConverter.ToInt32(il, i),
            };
            i += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineVar or OperandType.ShortInlineI or OperandType.ShortInlineBrTarget => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
            instructions.Add(new IlInstruction(offset, op, operand));
        }
        return instructions;
    }

    static List<(int Offset, string Where)> SequencePoints(MetadataReader pdb, MethodDefinitionHandle handle) =>
        pdb.GetMethodDebugInformation(handle.ToDebugInformationHandle()).GetSequencePoints()
           .Where(p => !p.IsHidden)
           .Select(p => (p.Offset, $"{Path.GetFileName(pdb.GetString(pdb.GetDocument(p.Document).Name))}:{p.StartLine}"))
           .ToList();

    static string Locate(List<(int Offset, string Where)>? lines, int offset) =>
        lines?.LastOrDefault(p => p.Offset <= offset).Where ?? $"IL_{offset:X4}";

    /// <summary>Names methods and types the same way whether they are defined here or referenced from elsewhere.</summary>
    sealed class Names(MetadataReader md) : ISignatureTypeProvider<string, object?>
    {
        public string Of(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.MethodDefinition => Of((MethodDefinitionHandle)handle),
            HandleKind.MemberReference => Of((MemberReferenceHandle)handle),
            HandleKind.MethodSpecification => Of(md.GetMethodSpecification((MethodSpecificationHandle)handle).Method),
            _ => $"<{handle.Kind}>",
        };

        public string Of(MethodDefinitionHandle handle)
        {
            var method = md.GetMethodDefinition(handle);
            var signature = method.DecodeSignature(this, null);
            return $"{TypeName(method.GetDeclaringType())}::{md.GetString(method.Name)}({string.Join(",", signature.ParameterTypes)})";
        }

        string Of(MemberReferenceHandle handle)
        {
            var member = md.GetMemberReference(handle);
            if (member.GetKind() != MemberReferenceKind.Method) return $"<field {md.GetString(member.Name)}>";
            var signature = member.DecodeMethodSignature(this, null);
            string parent = member.Parent.Kind switch
            {
                HandleKind.TypeReference => TypeName((TypeReferenceHandle)member.Parent),
                HandleKind.TypeDefinition => TypeName((TypeDefinitionHandle)member.Parent),
                HandleKind.TypeSpecification => OpenGeneric((TypeSpecificationHandle)member.Parent),
                _ => $"<{member.Parent.Kind}>",
            };
            return $"{parent}::{md.GetString(member.Name)}({string.Join(",", signature.ParameterTypes)})";
        }

        // A member of Module<Tensor, Tensor> is named by its generic definition, Module`2.
        string OpenGeneric(TypeSpecificationHandle handle)
        {
            var reader = md.GetBlobReader(md.GetTypeSpecification(handle).Signature);
            if (reader.ReadSignatureHeader().RawValue != (byte)SignatureTypeCode.GenericTypeInstance) return "<spec>";
            reader.ReadSignatureTypeCode();                                      // class or valuetype
            var type = reader.ReadTypeHandle();
            return type.Kind == HandleKind.TypeDefinition ? TypeName((TypeDefinitionHandle)type) : TypeName((TypeReferenceHandle)type);
        }

        string TypeName(TypeDefinitionHandle handle)
        {
            var type = md.GetTypeDefinition(handle);
            var outer = type.GetDeclaringType();
            return outer.IsNil ? Join(md.GetString(type.Namespace), md.GetString(type.Name))
                               : $"{TypeName(outer)}/{md.GetString(type.Name)}";
        }

        string TypeName(TypeReferenceHandle handle)
        {
            var type = md.GetTypeReference(handle);
            return type.ResolutionScope.Kind == HandleKind.TypeReference
                ? $"{TypeName((TypeReferenceHandle)type.ResolutionScope)}/{md.GetString(type.Name)}"
                : Join(md.GetString(type.Namespace), md.GetString(type.Name));
        }

        static string Join(string ns, string name) => ns.Length == 0 ? name : $"{ns}.{name}";

        public string GetArrayType(string elementType, ArrayShape shape) => $"{elementType}[{new string(',', shape.Rank - 1)}]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) =>
            $"{genericType}<{string.Join(",", typeArguments)}>";
        public string GetGenericMethodParameter(object? context, int index) => $"!!{index}";
        public string GetGenericTypeParameter(object? context, int index) => $"!{index}";
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetPinnedType(string elementType) => elementType;
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => TypeName(handle);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => TypeName(handle);
        public string GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            OpenGeneric(handle);
    }
}
