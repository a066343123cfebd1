namespace NormGen;

/// <summary>A named tensor: an input such as <c>x</c> or a parameter such as <c>gamma</c>. Its axes come from the layer.</summary>
public sealed class TensorExpr : Expr
{
    internal TensorExpr(string name)
    {
        AxisText.ValidateName(name, nameof(name));
        Name = name;
    }

    /// <summary>The parameter name in the formula.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Expr> Operands => [];
}
