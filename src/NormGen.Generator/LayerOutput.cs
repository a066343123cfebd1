using NormGen.Generator.Model;

namespace NormGen.Generator;

/// <summary>
/// What the generator adds for one layer: its source (null when there is none) and every diagnostic from the parse
/// and compile passes. Equatable, so an unchanged layer costs nothing at the output step.
/// </summary>
/// <param name="HintName">Null when the layer did not compile far enough to have one.</param>
internal sealed record LayerOutput(string? HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics);
