using NormGen.Generator.Model;

namespace NormGen.Generator.Parsing;

/// <summary>
/// The output of the bind step for one [NormLayer] class: the location-free <see cref="BoundLayer"/> the compile step
/// takes (null when there is nothing to compile), and every diagnostic of the parse and bind steps, with locations.
/// </summary>
/// <param name="HintName">The layer's hint name, pairing it with its compile output; null without a model.</param>
/// <param name="ClassName">For an NG0099 the compile step might need to report on the layer.</param>
/// <param name="Location">The class name's location, where a compile-step NG0099 is reported.</param>
internal sealed record BindResult(
    BoundLayer? Layer,
    EquatableArray<DiagnosticInfo> Diagnostics,
    string? HintName,
    string? ClassName,
    LocationInfo? Location);
