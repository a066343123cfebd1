namespace NormGen;

public enum ReduceKind { Sum, Mean, Var, Max, Min }

public enum UnaryKind { Negate, Sqrt, Rsqrt, Exp, Log, Tanh, Sigmoid, Abs, Square }

public enum BinaryKind { Add, Subtract, Multiply, Divide, Maximum, Minimum }

/// <summary>
/// A node of a formula's expression tree. Formula methods are ordinary C#: at compile time the generator reads
/// their syntax; at run time calling one builds this tree, which the reference interpreter evaluates.
/// Nodes are immutable and compared by reference: a <c>var</c> local used twice is one shared node.
/// The node types (<see cref="TensorExpr"/>, <see cref="ConstantExpr"/>, <see cref="UnaryExpr"/>,
/// <see cref="BinaryExpr"/>, <see cref="PowerExpr"/>, <see cref="ReduceExpr"/>, <see cref="RunningExpr"/>)
/// are the whole hierarchy, so a tool can walk a tree with a switch over them.
/// </summary>
public abstract class Expr
{
    // Only the node types of this assembly: walkers may rely on the set being closed.
    private protected Expr() { }

    /// <summary>The direct operands, left to right (empty for leaves).</summary>
    public abstract IReadOnlyList<Expr> Operands { get; }

    /// <summary>A named tensor input or parameter of the formula (<c>x</c>, <c>gamma</c>, ...).</summary>
    public static Expr Tensor(string name) => new TensorExpr(name);

    public static Expr Constant(double value) => new ConstantExpr(value);

    /// <summary>Reduces <paramref name="operand"/> over <paramref name="axes"/>, a space-separated list of axis names.</summary>
    public static Expr Reduce(ReduceKind kind, Expr operand, string axes) => new ReduceExpr(kind, operand, axes);

    public static Expr Unary(UnaryKind kind, Expr operand) => new UnaryExpr(kind, operand);

    public static Expr Binary(BinaryKind kind, Expr left, Expr right) => new BinaryExpr(kind, left, right);

    public static Expr Power(Expr operand, double exponent) => new PowerExpr(operand, exponent);

    public static Expr Running(Expr stat, double momentum, bool unbiased) => new RunningExpr(stat, momentum, unbiased);

    public static implicit operator Expr(double value) => Constant(value);
    public static Expr operator +(Expr a, Expr b) => Binary(BinaryKind.Add, a, b);
    public static Expr operator -(Expr a, Expr b) => Binary(BinaryKind.Subtract, a, b);
    public static Expr operator *(Expr a, Expr b) => Binary(BinaryKind.Multiply, a, b);
    public static Expr operator /(Expr a, Expr b) => Binary(BinaryKind.Divide, a, b);
    public static Expr operator -(Expr a) => Unary(UnaryKind.Negate, a);

    /// <summary>The formula as C#-like text, parenthesised exactly where the tree needs it: <c>gamma * (x - Mean(x, "d"))</c>.</summary>
    public sealed override string ToString() => ExprFormatter.Format(this);
}
