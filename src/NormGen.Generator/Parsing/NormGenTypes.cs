using Microsoft.CodeAnalysis;

namespace NormGen.Generator.Parsing;

/// <summary>
/// Recognises the runtime's types by name rather than through Compilation.GetTypeByMetadataName: the lookup is
/// slower, and returns null when two references both define the type, which would silently disable the parser.
/// </summary>
internal static class NormGenTypes
{
    public const string NormLayerAttributeMetadataName = "NormGen.NormLayerAttribute";

    public static bool IsExpr(ITypeSymbol? type) => IsNormGenType(type, "Expr");

    public static bool IsOps(ITypeSymbol? type) => IsNormGenType(type, "Ops");

    public static bool IsNormLayerAttribute(ITypeSymbol? type) => IsNormGenType(type, "NormLayerAttribute");

    public static bool IsFormulaAttribute(ITypeSymbol? type) => IsNormGenType(type, "FormulaAttribute");

    public static bool IsParamAttribute(ITypeSymbol? type) => IsNormGenType(type, "ParamAttribute");

    public static bool IsInputAttribute(ITypeSymbol? type) => IsNormGenType(type, "InputAttribute");

    public static bool IsDouble(ITypeSymbol? type) => type?.SpecialType == SpecialType.System_Double;

    /// <summary>
    /// A number C# converts to double implicitly and exactly enough for a formula (an int, a long, a float): a
    /// <c>var k = 10;</c> local is a value of the formula wherever C# converts it to Expr. Not char or decimal.
    /// </summary>
    public static bool IsNumber(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_SByte or SpecialType.System_Byte
        or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
        or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double;

    /// <summary>The C# compiler reports an error for this type; NormGen stays quiet about it.</summary>
    public static bool IsError(ITypeSymbol? type) => type is null || type.TypeKind == TypeKind.Error;

    private static bool IsNormGenType(ITypeSymbol? type, string name) =>
        type is INamedTypeSymbol { Arity: 0, ContainingType: null } named
        && named.Name == name
        && named.ContainingNamespace is { Name: "NormGen", ContainingNamespace.IsGlobalNamespace: true };
}
