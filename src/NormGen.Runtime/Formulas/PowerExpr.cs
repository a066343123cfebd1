namespace NormGen;

/// <summary><see cref="Operand"/> raised to a constant <see cref="Exponent"/>, element-wise.</summary>
public sealed class PowerExpr : Expr
{
    internal PowerExpr(Expr operand, double exponent)
    {
        ArgumentNullException.ThrowIfNull(operand);
        if (!double.IsFinite(exponent)) throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "the exponent must be finite");
        Operand = operand;
        Exponent = exponent;
    }

    /// <summary>The base.</summary>
    public Expr Operand { get; }

    /// <summary>The constant exponent.</summary>
    public double Exponent { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Expr> Operands => [Operand];
}
