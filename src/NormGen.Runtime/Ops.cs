namespace NormGen;

/// <summary>
/// The operations a formula may use. At compile time the generator reads calls to these; at run time they
/// build an <see cref="Expr"/> tree that the reference interpreter evaluates. <c>axes</c> is a space-separated
/// list of axis names, e.g. <c>"n h w"</c>.
/// </summary>
public static class Ops
{
    /// <summary>The sum of <paramref name="e"/> over <paramref name="axes"/>; the result varies over the other axes.</summary>
    /// <param name="e">The reduced expression.</param>
    /// <param name="axes">Space-separated axis names of the layer, e.g. <c>"n h w"</c>.</param>
    public static Expr Sum(Expr e, string axes) => Expr.Reduce(ReduceKind.Sum, e, axes);
    /// <summary>The mean of <paramref name="e"/> over <paramref name="axes"/>.</summary>
    /// <param name="e">The reduced expression.</param>
    /// <param name="axes">Space-separated axis names of the layer, e.g. <c>"n h w"</c>.</param>
    public static Expr Mean(Expr e, string axes) => Expr.Reduce(ReduceKind.Mean, e, axes);
    /// <summary>Biased variance (divides by N), as PyTorch's normalization layers use to normalize.</summary>
    /// <param name="e">The expression whose variance is taken.</param>
    /// <param name="axes">Space-separated axis names of the layer, e.g. <c>"n h w"</c>.</param>
    public static Expr Var(Expr e, string axes) => Expr.Reduce(ReduceKind.Var, e, axes);
    /// <summary>The largest element of <paramref name="e"/> over <paramref name="axes"/> (its gradient goes to the maxima).</summary>
    /// <param name="e">The reduced expression.</param>
    /// <param name="axes">Space-separated axis names of the layer, e.g. <c>"n h w"</c>.</param>
    public static Expr Max(Expr e, string axes) => Expr.Reduce(ReduceKind.Max, e, axes);
    /// <summary>The smallest element of <paramref name="e"/> over <paramref name="axes"/> (its gradient goes to the minima).</summary>
    /// <param name="e">The reduced expression.</param>
    /// <param name="axes">Space-separated axis names of the layer, e.g. <c>"n h w"</c>.</param>
    public static Expr Min(Expr e, string axes) => Expr.Reduce(ReduceKind.Min, e, axes);

    /// <summary>The square root of <paramref name="e"/>, element-wise.</summary>
    /// <param name="e">The argument.</param>
    public static Expr Sqrt(Expr e) => Expr.Unary(UnaryKind.Sqrt, e);
    /// <summary>1 / sqrt(<paramref name="e"/>), element-wise (computed exactly, not estimated).</summary>
    /// <param name="e">The argument.</param>
    public static Expr Rsqrt(Expr e) => Expr.Unary(UnaryKind.Rsqrt, e);
    /// <summary>e raised to <paramref name="e"/>, element-wise.</summary>
    /// <param name="e">The argument.</param>
    public static Expr Exp(Expr e) => Expr.Unary(UnaryKind.Exp, e);
    /// <summary>The natural logarithm of <paramref name="e"/>, element-wise.</summary>
    /// <param name="e">The argument.</param>
    public static Expr Log(Expr e) => Expr.Unary(UnaryKind.Log, e);
    /// <summary>The hyperbolic tangent of <paramref name="e"/>, element-wise.</summary>
    /// <param name="e">The argument.</param>
    public static Expr Tanh(Expr e) => Expr.Unary(UnaryKind.Tanh, e);
    /// <summary>1 / (1 + exp(-<paramref name="e"/>)), element-wise.</summary>
    /// <param name="e">The argument.</param>
    public static Expr Sigmoid(Expr e) => Expr.Unary(UnaryKind.Sigmoid, e);
    /// <summary>
    /// log(1 + exp(<paramref name="e"/>)), element-wise, as PyTorch's <c>softplus</c> (beta 1, threshold 20): exactly
    /// <paramref name="e"/> (and gradient 1) where it exceeds 20; its gradient elsewhere is <see cref="Sigmoid"/>.
    /// </summary>
    /// <param name="e">The argument.</param>
    public static Expr Softplus(Expr e) => Expr.Unary(UnaryKind.Softplus, e);
    /// <summary>The absolute value of <paramref name="e"/>, element-wise.</summary>
    /// <param name="e">The argument.</param>
    public static Expr Abs(Expr e) => Expr.Unary(UnaryKind.Abs, e);
    /// <summary><paramref name="e"/> * <paramref name="e"/>, element-wise.</summary>
    /// <param name="e">The argument.</param>
    public static Expr Square(Expr e) => Expr.Unary(UnaryKind.Square, e);
    /// <summary>e^exponent for a compile-time constant exponent.</summary>
    /// <param name="e">The base.</param>
    /// <param name="exponent">A constant (a literal or an expression of literals).</param>
    public static Expr Pow(Expr e, double exponent) => Expr.Power(e, exponent);

    /// <summary>The larger of <paramref name="a"/> and <paramref name="b"/>, element-wise, broadcast by axis name.</summary>
    /// <param name="a">The first argument.</param>
    /// <param name="b">The second argument.</param>
    public static Expr Maximum(Expr a, Expr b) => Expr.Binary(BinaryKind.Maximum, a, b);
    /// <summary>The smaller of <paramref name="a"/> and <paramref name="b"/>, element-wise, broadcast by axis name.</summary>
    /// <param name="a">The first argument.</param>
    /// <param name="b">The second argument.</param>
    public static Expr Minimum(Expr a, Expr b) => Expr.Binary(BinaryKind.Minimum, a, b);

    /// <summary>
    /// A statistic with a running buffer, PyTorch style: in training <paramref name="stat"/> normalizes and the
    /// buffer becomes <c>(1 - momentum) * buffer + momentum * stat</c> (with <paramref name="unbiased"/>, a
    /// variance is rescaled by N/(N-1) first); in eval the buffer normalizes and is a constant for gradients.
    /// </summary>
    /// <param name="stat">A statistic, e.g. <c>Mean(x, "n h w")</c>.</param>
    /// <param name="momentum">The weight of the batch statistic in the buffer update (PyTorch's momentum).</param>
    /// <param name="unbiased">The buffer tracks the unbiased variance (needs a <see cref="Var"/> statistic).</param>
    public static Expr Running(Expr stat, double momentum, bool unbiased = false) => Expr.Running(stat, momentum, unbiased);
}
