namespace NormGen;

/// <summary>A scalar constant: a literal or a hyper-parameter such as <c>eps</c>, fixed when the formula runs.</summary>
public sealed class ConstantExpr : Expr
{
    internal ConstantExpr(double value) => Value = value;

    public double Value { get; }

    public override IReadOnlyList<Expr> Operands => [];
}
