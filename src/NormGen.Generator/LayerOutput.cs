namespace NormGen.Generator;

/// <summary>
/// What the compile step made of one layer: its source, or why there is none. Location-free like its input: the
/// output step reports a failure at the location the bind step kept for the layer (<see cref="Parsing.BindResult"/>).
/// </summary>
/// <param name="HintName">Null when there was nothing to compile (the bind step reported why).</param>
/// <param name="Failure">A NormGen bug met while compiling (reported as NG0099), else null.</param>
internal sealed record LayerOutput(string? HintName, string? Source, string? Failure)
{
    public static LayerOutput None { get; } = new(null, null, null);
}
