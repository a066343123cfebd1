namespace NormGen;

/// <summary>The reductions of <see cref="Ops"/>, over named axes.</summary>
public enum ReduceKind
{
    /// <summary><see cref="Ops.Sum"/>.</summary>
    Sum,
    /// <summary><see cref="Ops.Mean"/>.</summary>
    Mean,
    /// <summary><see cref="Ops.Var"/>: the biased variance (divides by N).</summary>
    Var,
    /// <summary><see cref="Ops.Max"/>.</summary>
    Max,
    /// <summary><see cref="Ops.Min"/>.</summary>
    Min,
}

/// <summary>The element-wise functions of one operand.</summary>
public enum UnaryKind
{
    /// <summary>Unary minus, <c>-e</c>.</summary>
    Negate,
    /// <summary><see cref="Ops.Sqrt"/>.</summary>
    Sqrt,
    /// <summary><see cref="Ops.Rsqrt"/>.</summary>
    Rsqrt,
    /// <summary><see cref="Ops.Exp"/>.</summary>
    Exp,
    /// <summary><see cref="Ops.Log"/>.</summary>
    Log,
    /// <summary><see cref="Ops.Tanh"/>.</summary>
    Tanh,
    /// <summary><see cref="Ops.Sigmoid"/>.</summary>
    Sigmoid,
    /// <summary><see cref="Ops.Abs"/>.</summary>
    Abs,
    /// <summary><see cref="Ops.Square"/>.</summary>
    Square,
    /// <summary><see cref="Ops.Softplus"/>.</summary>
    Softplus,
}

/// <summary>The element-wise functions of two operands.</summary>
public enum BinaryKind
{
    /// <summary><c>a + b</c>.</summary>
    Add,
    /// <summary><c>a - b</c>.</summary>
    Subtract,
    /// <summary><c>a * b</c>.</summary>
    Multiply,
    /// <summary><c>a / b</c>.</summary>
    Divide,
    /// <summary><see cref="Ops.Maximum"/>.</summary>
    Maximum,
    /// <summary><see cref="Ops.Minimum"/>.</summary>
    Minimum,
}

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
    /// <param name="name">An axis-style identifier.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not an identifier.</exception>
    public static Expr Tensor(string name) => new TensorExpr(name);

    /// <summary>A scalar constant.</summary>
    /// <param name="value">The constant's value.</param>
    public static Expr Constant(double value) => new ConstantExpr(value);

    /// <summary>Reduces <paramref name="operand"/> over <paramref name="axes"/>, a space-separated list of axis names.</summary>
    /// <param name="kind">Which reduction.</param>
    /// <param name="operand">The reduced expression.</param>
    /// <param name="axes">Space-separated axis names, e.g. <c>"n h w"</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="axes"/> is empty or not a list of identifiers.</exception>
    public static Expr Reduce(ReduceKind kind, Expr operand, string axes) => new ReduceExpr(kind, operand, axes);

    /// <summary>An element-wise function of one operand.</summary>
    /// <param name="kind">Which function.</param>
    /// <param name="operand">Its argument.</param>
    public static Expr Unary(UnaryKind kind, Expr operand) => new UnaryExpr(kind, operand);

    /// <summary>An element-wise function of two operands, broadcast by axis name.</summary>
    /// <param name="kind">Which function.</param>
    /// <param name="left">The first argument.</param>
    /// <param name="right">The second argument.</param>
    public static Expr Binary(BinaryKind kind, Expr left, Expr right) => new BinaryExpr(kind, left, right);

    /// <summary><paramref name="operand"/> raised to a constant power.</summary>
    /// <param name="operand">The base.</param>
    /// <param name="exponent">A finite constant.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exponent"/> is not finite.</exception>
    public static Expr Power(Expr operand, double exponent) => new PowerExpr(operand, exponent);

    /// <summary>A statistic with a running buffer; see <see cref="Ops.Running"/>.</summary>
    /// <param name="stat">The batch statistic.</param>
    /// <param name="momentum">The weight of the new statistic in the buffer update.</param>
    /// <param name="unbiased">The buffer tracks the unbiased variance (needs a <see cref="Ops.Var"/> statistic).</param>
    /// <exception cref="ArgumentException"><paramref name="unbiased"/> is true but <paramref name="stat"/> is not a Var.</exception>
    public static Expr Running(Expr stat, double momentum, bool unbiased) => new RunningExpr(stat, momentum, unbiased);

    /// <summary>A constant or a <c>double</c> hyper-parameter used in a formula.</summary>
    /// <param name="value">The constant's value.</param>
    public static implicit operator Expr(double value) => Constant(value);

    /// <summary>Element-wise sum, broadcast by axis name.</summary>
    /// <param name="a">The left operand.</param>
    /// <param name="b">The right operand.</param>
    public static Expr operator +(Expr a, Expr b) => Binary(BinaryKind.Add, a, b);

    /// <summary>Element-wise difference, broadcast by axis name.</summary>
    /// <param name="a">The left operand.</param>
    /// <param name="b">The right operand.</param>
    public static Expr operator -(Expr a, Expr b) => Binary(BinaryKind.Subtract, a, b);

    /// <summary>Element-wise product, broadcast by axis name.</summary>
    /// <param name="a">The left operand.</param>
    /// <param name="b">The right operand.</param>
    public static Expr operator *(Expr a, Expr b) => Binary(BinaryKind.Multiply, a, b);

    /// <summary>Element-wise quotient, broadcast by axis name.</summary>
    /// <param name="a">The dividend.</param>
    /// <param name="b">The divisor.</param>
    public static Expr operator /(Expr a, Expr b) => Binary(BinaryKind.Divide, a, b);

    /// <summary>Element-wise negation.</summary>
    /// <param name="a">The operand.</param>
    public static Expr operator -(Expr a) => Unary(UnaryKind.Negate, a);

    /// <summary>The formula as C#-like text, parenthesised exactly where the tree needs it: <c>gamma * (x - Mean(x, "d"))</c>.</summary>
    public sealed override string ToString() => ExprFormatter.Format(this);
}
