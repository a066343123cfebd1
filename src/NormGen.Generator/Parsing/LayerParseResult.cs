using NormGen.Generator.Model;

namespace NormGen.Generator.Parsing;

/// <summary>
/// The output of the parse pass for one [NormLayer] class: the model when the formula is valid, and every diagnostic
/// found. Plain equatable values only, so an edit elsewhere in the compilation leaves this step's output unchanged
/// and the incremental pipeline skips the (expensive) compile step.
/// </summary>
/// <param name="Model">
/// Null when NormGen found an error, or the C# compiler reports one in a part of the formula NormGen had to read.
/// A syntax error elsewhere (a missing semicolon) does not stop the layer, so generated members do not flicker
/// away while the user types.
/// </param>
internal sealed record LayerParseResult(LayerModel? Model, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>Nothing to compile and nothing to say (e.g. a duplicate [NormLayer] application the compiler already rejects).</summary>
    public static LayerParseResult Empty { get; } = new(null, EquatableArray<DiagnosticInfo>.Empty);
}
