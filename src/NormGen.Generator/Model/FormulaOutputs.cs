using System.Collections.Generic;

namespace NormGen.Generator.Model;

/// <summary>
/// One named element of a formula that returns a tuple, <c>static (Expr y, Expr h) Forward(...)</c>: an output tensor of
/// the layer, written by Forward under its name, whose gradient (d + name) Backward reads.
/// </summary>
/// <param name="Location">The element's name in the return type, where diagnostics about the name point.</param>
internal sealed record FormulaOutput(string Name, FormulaNode Value, LocationInfo? Location);

/// <summary>A <see cref="FormulaOutput"/> after binding.</summary>
internal sealed record BoundOutput(string Name, BoundNode Value);

internal static class FormulaOutputs
{
    /// <summary>
    /// The outputs of a bound layer in tuple order; a formula returning one Expr has the one output y
    /// (<see cref="ApiNames.Output"/>), so everything after binding handles one list of outputs.
    /// </summary>
    public static IReadOnlyList<BoundOutput> AllOutputs(this BoundLayer layer) =>
        layer.Outputs.Count == 0 ? [new BoundOutput(ApiNames.Output, layer.Result)] : layer.Outputs;

    /// <summary>The gradient Backward reads for an output: dy for y, dh for h.</summary>
    public static string GradientOf(string output) => ApiNames.Gradient(output);
}
