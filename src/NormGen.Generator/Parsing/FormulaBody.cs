using NormGen.Generator.Model;

namespace NormGen.Generator.Parsing;

/// <summary>A formula body as let-bindings followed by the returned expression.</summary>
/// <remarks>A formula returning a tuple has its <see cref="Outputs"/>, <see cref="Result"/> being the first one's value.</remarks>
internal sealed record FormulaBody(EquatableArray<LocalBinding> Locals, FormulaNode Result)
{
    public EquatableArray<FormulaOutput> Outputs { get; init; } = EquatableArray<FormulaOutput>.Empty;

    /// <summary>Every returned value: the outputs' or the one result.</summary>
    public System.Collections.Generic.IEnumerable<FormulaNode> Results =>
        Outputs.Count == 0 ? [Result] : System.Linq.Enumerable.Select(Outputs, o => o.Value);
}
