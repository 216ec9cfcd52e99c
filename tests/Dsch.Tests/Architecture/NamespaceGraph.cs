using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Architecture;

/// <summary>One use that makes a folder depend on another: a type of the first names a type of the second.</summary>
/// <param name="User">The using type, e.g. <c>Dsch.Training.Checkpoint</c>.</param>
/// <param name="Used">The type it names, e.g. <c>Dsch.IO.AtomicFile</c>.</param>
public sealed record TypeUse(string User, string Used);

/// <summary>
/// Which folder of an assembly uses which, read from its metadata with <see cref="System.Reflection.Metadata"/> (nothing
/// is loaded or run). A folder is a namespace cut after its second part (<c>Dsch.Data.Formats</c> belongs to
/// <c>Dsch.Data</c>); the root namespace <c>Dsch</c> is a folder of its own. A type uses another when the other appears
/// in its base type, interfaces, generic constraints, the signatures of its fields and methods, its locals, or a token
/// of its IL (calls, field accesses, <c>typeof</c>, casts, generic instantiations); nested and compiler-made types
/// (closures, iterators) count for the type that declares them.
/// </summary>
/// <remarks>
/// What the compiler inlines leaves no trace: a <c>const</c> or an enum value used only as a constant, <c>nameof</c>,
/// and <c>typeof</c> inside an attribute's arguments. Everything else a source file can name does.
/// </remarks>
public static class NamespaceGraph
{
    /// <summary>
    /// For every folder of the assembly at <paramref name="path"/>, the folders it uses, each with one example.
    /// <paramref name="folderOf"/> maps a namespace to its folder (default <see cref="Folder"/>; null leaves it out).
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, TypeUse>> Read(string path, Func<string, string?>? folderOf = null)
    {
        folderOf ??= Folder;
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        var types = new TypeScan(md);
        var graph = new SortedDictionary<string, SortedDictionary<string, TypeUse>>(StringComparer.Ordinal);
        foreach (var handle in md.TypeDefinitions)
        {
            var user = types.Outermost(handle);
            var from = folderOf(md.GetString(md.GetTypeDefinition(user).Namespace));
            if (from is null) continue;                                   // <Module>, compiler-made attributes
            if (!graph.TryGetValue(from, out var edges)) graph[from] = edges = new(StringComparer.Ordinal);
            foreach (var used in types.UsedBy(handle, pe, path))
            {
                var to = folderOf(md.GetString(md.GetTypeDefinition(used).Namespace));
                if (to is null || to == from || edges.ContainsKey(to)) continue;
                edges[to] = new TypeUse(types.Name(user), types.Name(used));
            }
        }
        return graph.ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, TypeUse>)g.Value);
    }

    /// <summary>The folder of a namespace: <c>Dsch.Data.Formats</c> → <c>Dsch.Data</c>; null outside <c>Dsch</c>.</summary>
    public static string? Folder(string ns)
    {
        var parts = ns.Split('.');
        if (parts[0] != "Dsch") return null;
        return parts.Length == 1 ? "Dsch" : $"Dsch.{parts[1]}";
    }

    /// <summary>The assembly's own types a type definition names; each decoder returns the definitions it meets.</summary>
    sealed class TypeScan(MetadataReader md) : ISignatureTypeProvider<ImmutableArray<TypeDefinitionHandle>, object?>
    {
        static readonly ImmutableArray<TypeDefinitionHandle> None = [];

        public TypeDefinitionHandle Outermost(TypeDefinitionHandle handle)
        {
            for (var outer = md.GetTypeDefinition(handle).GetDeclaringType(); !outer.IsNil; outer = md.GetTypeDefinition(outer).GetDeclaringType())
                handle = outer;
            return handle;
        }

        public string Name(TypeDefinitionHandle handle)
        {
            var type = md.GetTypeDefinition(handle);
            var ns = md.GetString(type.Namespace);
            return ns.Length == 0 ? md.GetString(type.Name) : $"{ns}.{md.GetString(type.Name)}";
        }

        public IEnumerable<TypeDefinitionHandle> UsedBy(TypeDefinitionHandle handle, PEReader pe, string path)
        {
            var type = md.GetTypeDefinition(handle);
            var used = new List<TypeDefinitionHandle>();
            if (!type.BaseType.IsNil) used.AddRange(Of(type.BaseType));
            foreach (var implementation in type.GetInterfaceImplementations())
                used.AddRange(Of(md.GetInterfaceImplementation(implementation).Interface));
            foreach (var parameter in type.GetGenericParameters())
                foreach (var constraint in md.GetGenericParameter(parameter).GetConstraints())
                    used.AddRange(Of(md.GetGenericParameterConstraint(constraint).Type));
            foreach (var field in type.GetFields())
                used.AddRange(md.GetFieldDefinition(field).DecodeSignature(this, null));
            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                var signature = method.DecodeSignature(this, null);
                used.AddRange(signature.ReturnType);
                foreach (var parameterType in signature.ParameterTypes) used.AddRange(parameterType);
                if (method.RelativeVirtualAddress == 0) continue;
                var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                if (!body.LocalSignature.IsNil)
                    foreach (var local in md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(this, null))
                        used.AddRange(local);
                foreach (var instruction in IlAssembly.Decode(body.GetILBytes()!, path, md.GetString(method.Name)))
                    if (IsMetadataToken(instruction.OpCode.OperandType))
                        used.AddRange(Of(MetadataTokens.EntityHandle(instruction.Operand)));
            }
            return used;
        }

        static bool IsMetadataToken(OperandType operand) =>
            operand is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok;

        /// <summary>The assembly's types a metadata entity names: a type, a member's declaring type and signature, a generic instantiation.</summary>
        ImmutableArray<TypeDefinitionHandle> Of(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeDefinition => [(TypeDefinitionHandle)handle],
            HandleKind.TypeSpecification => md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
            HandleKind.MethodDefinition => [md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()],
            HandleKind.FieldDefinition => [md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()],
            HandleKind.MemberReference => OfMember(md.GetMemberReference((MemberReferenceHandle)handle)),
            HandleKind.MethodSpecification => OfMethodSpecification(md.GetMethodSpecification((MethodSpecificationHandle)handle)),
            _ => None,
        };

        ImmutableArray<TypeDefinitionHandle> OfMember(MemberReference member)
        {
            var used = Of(member.Parent).ToBuilder();
            if (member.GetKind() == MemberReferenceKind.Field) used.AddRange(member.DecodeFieldSignature(this, null));
            else
            {
                var signature = member.DecodeMethodSignature(this, null);
                used.AddRange(signature.ReturnType);
                foreach (var parameterType in signature.ParameterTypes) used.AddRange(parameterType);
            }
            return used.ToImmutable();
        }

        ImmutableArray<TypeDefinitionHandle> OfMethodSpecification(MethodSpecification specification)
        {
            var used = Of(specification.Method).ToBuilder();
            foreach (var argument in specification.DecodeSignature(this, null)) used.AddRange(argument);
            return used.ToImmutable();
        }

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [handle];
        public ImmutableArray<TypeDefinitionHandle> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => None;
        public ImmutableArray<TypeDefinitionHandle> GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            md.GetTypeSpecification(handle).DecodeSignature(this, context);
        public ImmutableArray<TypeDefinitionHandle> GetGenericInstantiation(ImmutableArray<TypeDefinitionHandle> genericType, ImmutableArray<ImmutableArray<TypeDefinitionHandle>> typeArguments) =>
            genericType.AddRange(typeArguments.SelectMany(argument => argument));
        public ImmutableArray<TypeDefinitionHandle> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature) =>
            signature.ReturnType.AddRange(signature.ParameterTypes.SelectMany(parameter => parameter));
        public ImmutableArray<TypeDefinitionHandle> GetModifiedType(ImmutableArray<TypeDefinitionHandle> modifier, ImmutableArray<TypeDefinitionHandle> unmodifiedType, bool isRequired) =>
            unmodifiedType.AddRange(modifier);
        public ImmutableArray<TypeDefinitionHandle> GetArrayType(ImmutableArray<TypeDefinitionHandle> elementType, ArrayShape shape) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetSZArrayType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetByReferenceType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetPointerType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetPinnedType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetPrimitiveType(PrimitiveTypeCode typeCode) => None;
        public ImmutableArray<TypeDefinitionHandle> GetGenericMethodParameter(object? context, int index) => None;
        public ImmutableArray<TypeDefinitionHandle> GetGenericTypeParameter(object? context, int index) => None;
    }
}
