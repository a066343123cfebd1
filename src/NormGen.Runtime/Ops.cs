namespace NormGen;

/// <summary>
/// The operations a formula may use. At compile time the generator reads calls to these; at run time they
/// build an <see cref="Expr"/> tree that the reference interpreter evaluates. <c>axes</c> is a space-separated
/// list of axis names, e.g. <c>"n h w"</c>.
/// </summary>
public static class Ops
{
    public static Expr Sum(Expr e, string axes) => Expr.Reduce(ReduceKind.Sum, e, axes);
    public static Expr Mean(Expr e, string axes) => Expr.Reduce(ReduceKind.Mean, e, axes);
    /// <summary>Biased variance (divides by N), as PyTorch's normalization layers use to normalize.</summary>
    public static Expr Var(Expr e, string axes) => Expr.Reduce(ReduceKind.Var, e, axes);
    public static Expr Max(Expr e, string axes) => Expr.Reduce(ReduceKind.Max, e, axes);
    public static Expr Min(Expr e, string axes) => Expr.Reduce(ReduceKind.Min, e, axes);

    public static Expr Sqrt(Expr e) => Expr.Unary(UnaryKind.Sqrt, e);
    public static Expr Rsqrt(Expr e) => Expr.Unary(UnaryKind.Rsqrt, e);
    public static Expr Exp(Expr e) => Expr.Unary(UnaryKind.Exp, e);
    public static Expr Log(Expr e) => Expr.Unary(UnaryKind.Log, e);
    public static Expr Tanh(Expr e) => Expr.Unary(UnaryKind.Tanh, e);
    public static Expr Sigmoid(Expr e) => Expr.Unary(UnaryKind.Sigmoid, e);
    public static Expr Abs(Expr e) => Expr.Unary(UnaryKind.Abs, e);
    public static Expr Square(Expr e) => Expr.Unary(UnaryKind.Square, e);
    /// <summary>e^exponent for a compile-time constant exponent.</summary>
    public static Expr Pow(Expr e, double exponent) => Expr.Power(e, exponent);

    public static Expr Maximum(Expr a, Expr b) => Expr.Binary(BinaryKind.Maximum, a, b);
    public static Expr Minimum(Expr a, Expr b) => Expr.Binary(BinaryKind.Minimum, a, b);

    /// <summary>
    /// A statistic with a running buffer, PyTorch style: in training <paramref name="stat"/> normalizes and the
    /// buffer becomes <c>(1 - momentum) * buffer + momentum * stat</c> (with <paramref name="unbiased"/>, a
    /// variance is rescaled by N/(N-1) first); in eval the buffer normalizes and is a constant for gradients.
    /// </summary>
    public static Expr Running(Expr stat, double momentum, bool unbiased = false) => Expr.Running(stat, momentum, unbiased);
}
