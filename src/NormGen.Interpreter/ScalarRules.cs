namespace NormGen.Interpretation;

/// <summary>The float64 value and local derivative of each element-wise operation: the interpreter's one table of rules.</summary>
/// <remarks>
/// Keyed by the runtime's own <see cref="UnaryKind"/> and <see cref="BinaryKind"/>, not by the generator's op enum: the
/// interpreter evaluates the Expr tree a formula method builds at run time, whose nodes carry these kinds, so a shared
/// (linked) op enum would only add a translation between two enums. What ties the two compilers together is the name of
/// the NormGen.Ops member, which both see; a generator test checks that the generator's op table and NormGen.Ops list
/// the same names. Every switch here lists each kind with no default arm: a kind added to the runtime without its rule
/// is CS8509, an error (the project silences only CS8524, the unnamed-value case).
/// </remarks>
internal static class ScalarRules
{
    public static double Apply(UnaryKind kind, double x) => kind switch
    {
        UnaryKind.Negate => -x,
        UnaryKind.Sqrt => Math.Sqrt(x),
        UnaryKind.Rsqrt => 1.0 / Math.Sqrt(x),
        UnaryKind.Exp => Math.Exp(x),
        UnaryKind.Log => Math.Log(x),
        UnaryKind.Tanh => Math.Tanh(x),
        UnaryKind.Sigmoid => 1.0 / (1.0 + Math.Exp(-x)),
        UnaryKind.Abs => Math.Abs(x),
        UnaryKind.Square => x * x,
        UnaryKind.Softplus => Softplus(x),
    };

    /// <summary>
    /// The input's share <paramref name="dy"/> * d y / d x of the output gradient <paramref name="dy"/>, at
    /// <paramref name="x"/> with value <paramref name="y"/>.
    /// </summary>
    /// <remarks>
    /// Rsqrt multiplies <paramref name="dy"/> in before its cube: at x = 1e224 the local derivative -0.5 x^-1.5 = 1e-336
    /// is below double's range and would be 0, although the share itself (a gradient of 1e56 times it) is representable,
    /// and a normalization of such large values needs it to cancel its other path.
    /// </remarks>
    public static double Chain(UnaryKind kind, double x, double y, double dy) =>
        kind == UnaryKind.Rsqrt ? -0.5 * dy * y * y * y : dy * Derivative(kind, x, y);

    /// <summary>d y / d x at <paramref name="x"/>, where <paramref name="y"/> is the value computed from it.</summary>
    private static double Derivative(UnaryKind kind, double x, double y) => kind switch
    {
        UnaryKind.Negate => -1.0,
        UnaryKind.Sqrt => 0.5 / y,
        UnaryKind.Rsqrt => -0.5 * y * y * y,
        UnaryKind.Exp => y,
        UnaryKind.Log => 1.0 / x,
        UnaryKind.Tanh => 1.0 - y * y,
        UnaryKind.Sigmoid => y * (1.0 - y),
        // Abs has no derivative at 0; like PyTorch, take 0 there. NaN stays NaN so a bad input is not masked.
        UnaryKind.Abs => x > 0 ? 1.0 : x < 0 ? -1.0 : double.IsNaN(x) ? double.NaN : 0.0,
        UnaryKind.Square => 2.0 * x,
        // PyTorch's softplus_backward: 1 where the value is x itself, the logistic function elsewhere.
        UnaryKind.Softplus => x > SoftplusThreshold ? 1.0 : 1.0 / (1.0 + Math.Exp(-x)),
    };

    /// <summary>Where PyTorch's softplus (beta 1) returns x itself.</summary>
    private const double SoftplusThreshold = 20;

    /// <summary>
    /// log(1 + e^x) as PyTorch: x above the threshold, else max(x, 0) + log1p(e^-|x|), where log1p(e) = ln(1 + e) *
    /// e / ((1 + e) - 1) corrects the rounding of 1 + e (.NET's double.LogP1 is ln(1 + e), which loses e below 1e-16).
    /// </summary>
    private static double Softplus(double x)
    {
        if (x > SoftplusThreshold || double.IsNaN(x)) return x;
        double e = Math.Exp(-Math.Abs(x)), u = 1.0 + e;
        return Math.Max(x, 0.0) + (u == 1.0 ? e : Math.Log(u) * (e / (u - 1.0)));
    }

    public static double Power(double x, double p) => Math.Pow(x, p);

    // p * x^(p-1), except that x^0 is constant everywhere (0 * Pow(0, -1) would be NaN).
    public static double PowerDerivative(double x, double p) => p == 0 ? 0.0 : p * Math.Pow(x, p - 1);

    public static double Apply(BinaryKind kind, double a, double b) => kind switch
    {
        BinaryKind.Add => a + b,
        BinaryKind.Subtract => a - b,
        BinaryKind.Multiply => a * b,
        BinaryKind.Divide => a / b,
        BinaryKind.Maximum => Math.Max(a, b),
        BinaryKind.Minimum => Math.Min(a, b),
    };

    /// <summary>(d/da, d/db) of the binary operation at (a, b).</summary>
    /// <remarks>
    /// Maximum sends the whole gradient to <paramref name="a"/> where a &gt; b, to <paramref name="b"/> where b &gt; a,
    /// and half to each where a == b (PyTorch's torch.maximum); Minimum likewise with the comparison reversed. The
    /// generated kernels' derivative rules split a tie the same way, so a tie is not a point where oracle and kernel
    /// may disagree. Divide's d/db is -(a / b) / b, not -a / (b * b): b * b overflows for |b| above ~1.3e154 and would
    /// make a representable derivative 0.
    /// </remarks>
    public static (double DA, double DB) Derivatives(BinaryKind kind, double a, double b) => kind switch
    {
        BinaryKind.Add => (1.0, 1.0),
        BinaryKind.Subtract => (1.0, -1.0),
        BinaryKind.Multiply => (b, a),
        BinaryKind.Divide => (1.0 / b, -(a / b) / b),
        BinaryKind.Maximum => (Share(a > b, a == b), Share(b > a, a == b)),
        BinaryKind.Minimum => (Share(a < b, a == b), Share(b < a, a == b)),
    };

    // An operand's share: all of it where it wins, half on a tie, none where it loses (or where NaN makes every
    // comparison false, as in the kernels' masks).
    private static double Share(bool wins, bool tie) => wins ? 1.0 : tie ? 0.5 : 0.0;
}
