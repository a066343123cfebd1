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

    public BinaryKind Kind { get; }
    public Expr Left { get; }
    public Expr Right { get; }

    public override IReadOnlyList<Expr> Operands => [Left, Right];
}
