namespace NormGen;

/// <summary>An element-wise function of one operand.</summary>
public sealed class UnaryExpr : Expr
{
    internal UnaryExpr(UnaryKind kind, Expr operand)
    {
        ArgumentNullException.ThrowIfNull(operand);
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown unary operation");
        Kind = kind;
        Operand = operand;
    }

    public UnaryKind Kind { get; }
    public Expr Operand { get; }

    public override IReadOnlyList<Expr> Operands => [Operand];
}
