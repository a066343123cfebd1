namespace NormGen;

/// <summary>An element-wise function of two operands, broadcast by axis name.</summary>
public sealed class BinaryExpr : Expr
{
    internal BinaryExpr(BinaryKind kind, Expr left, Expr right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown binary operation");
        Kind = kind;
        Left = left;
        Right = right;
    }

    /// <summary>Which function.</summary>
    public BinaryKind Kind { get; }

    /// <summary>The first operand.</summary>
    public Expr Left { get; }

    /// <summary>The second operand.</summary>
    public Expr Right { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Expr> Operands => [Left, Right];
}
