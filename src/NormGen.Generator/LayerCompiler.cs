using System.Collections.Immutable;
using NormGen.Generator.Model;

namespace NormGen.Generator;

/// <summary>The result of compiling one layer: the emitted source (null when the formula has errors) and diagnostics.</summary>
internal sealed record CompiledLayer(string HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// The compiler proper, from a parsed <see cref="LayerModel"/> to C#:
/// Ir (build, hash-cons) -> Passes (differentiate, simplify, schedule) -> Emit.
/// </summary>
internal static class LayerCompiler
{
    public static CompiledLayer Compile(LayerModel model)
    {
        // Placeholder until the passes land: the generator wiring and its tests are built against this entry point.
        return new CompiledLayer(HintName(model), null, EquatableArray<DiagnosticInfo>.Empty);
    }

    public static string HintName(LayerModel model) =>
        (model.Namespace is null ? model.ClassName : model.Namespace + "." + model.ClassName) + ".g.cs";
}
