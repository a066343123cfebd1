using System.Linq;
using Microsoft.CodeAnalysis;

namespace NormGen.Generator.Emit;

/// <summary>
/// What the user's compilation makes possible, beyond the layer itself: equatable, so the compile step stays cached
/// while it does not change.
/// </summary>
/// <param name="TensorSpans">The compilation references System.Numerics.Tensors: emit the ReadOnlyTensorSpan/TensorSpan overloads.</param>
internal readonly record struct EmitOptions(bool TensorSpans)
{
    private const string ReadOnlyTensorSpan = "System.Numerics.Tensors.ReadOnlyTensorSpan`1";

    /// <summary>
    /// GetTypesByMetadataName, not GetTypeByMetadataName: the latter returns null when two references define the
    /// type, and the overloads would silently vanish.
    /// </summary>
    public static EmitOptions From(Compilation compilation) =>
        new(TensorSpans: compilation.GetTypesByMetadataName(ReadOnlyTensorSpan).Any(t => t.DeclaredAccessibility == Accessibility.Public));
}
