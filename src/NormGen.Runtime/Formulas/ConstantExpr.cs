namespace NormGen;

/// <summary>A scalar constant: a literal or a hyper-parameter such as <c>eps</c>, fixed when the formula runs.</summary>
public sealed class ConstantExpr : Expr
{
    internal ConstantExpr(double value) => Value = value;

    /// <summary>The constant's value.</summary>
    public double Value { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Expr> Operands => [];
}
