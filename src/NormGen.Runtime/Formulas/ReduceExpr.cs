namespace NormGen;

/// <summary>
/// A reduction of <see cref="Operand"/> over the named <see cref="Axes"/>; the result varies over the operand's
/// other axes. Var is the biased variance (divides by N).
/// </summary>
public sealed class ReduceExpr : Expr
{
    internal ReduceExpr(ReduceKind kind, Expr operand, string axes)
    {
        ArgumentNullException.ThrowIfNull(operand);
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown reduction");
        Kind = kind;
        Operand = operand;
        Axes = AxisText.ParseNames(axes, nameof(axes));
    }

    /// <summary>Which reduction.</summary>
    public ReduceKind Kind { get; }

    /// <summary>The reduced expression.</summary>
    public Expr Operand { get; }

    /// <summary>The reduced axes, as written.</summary>
    public IReadOnlyList<string> Axes { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Expr> Operands => [Operand];
}
