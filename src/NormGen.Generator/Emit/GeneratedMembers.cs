using System.Collections.Immutable;

namespace NormGen.Generator.Emit;

/// <summary>
/// The members the generator writes into the user's partial class besides those named after the user's parameters:
/// one place for the emitter (<see cref="LayerEmitter"/>) and for the collision checks (Parsing/NameRules, NG0016).
/// The stateful layer's method and constructor parameter lists are <see cref="ApiShape.StatefulSignatures"/>, written
/// with the parameter type names below.
/// </summary>
internal static class GeneratedMembers
{
    public const string Shape = "Shape";
    public const string Saved = "Saved";
    public const string Forward = "Forward";
    public const string Backward = "Backward";
    public const string ZeroGrad = "ZeroGrad";
    public const string ShapeFor = "ShapeFor";

    /// <summary>The name Roslyn gives an instance constructor.</summary>
    public const string Constructor = ".ctor";

    /// <summary>The nested types (record struct Shape, class Saved&lt;T&gt;).</summary>
    public static readonly ImmutableArray<string> Types = ImmutableArray.Create(Shape, Saved);

    /// <summary>The methods: the static generic kernels Forward and Backward, and the stateful layer's methods.</summary>
    public static readonly ImmutableArray<string> Methods = ImmutableArray.Create(Forward, Backward, ZeroGrad, ShapeFor);

    /// <summary>Parameter types of the stateful layer's members, as <see cref="ApiShape.StatefulSignatures"/> lists them.</summary>
    public const string IntType = "int", FloatType = "float", ReadOnlySpanType = "System.ReadOnlySpan<float>", SpanType = "System.Span<float>";

    /// <summary>The element types of the stateful layer's mixed-precision overloads, as Roslyn spells them in a signature.</summary>
    public static readonly ImmutableArray<string> StorageTypes = ImmutableArray.Create("System.Half", "NormGen.BFloat16");
}
