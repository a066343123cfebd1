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

    /// <summary>Which function.</summary>
    public UnaryKind Kind { get; }

    /// <summary>The argument.</summary>
    public Expr Operand { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Expr> Operands => [Operand];
}
