using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

// Layers that once exposed generator bugs; RegressionTests.cs holds their tests.

/// <summary>An integer exponent too large to become a product (|p| >= 64): the general Pow, on negative bases too.</summary>
[NormLayer("n d")]
public sealed partial class OpPowLargeInteger
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr a) => a * Pow(x, 64);
}

/// <summary>A hyper-parameter factor, (1 - alpha), that reaches both dx (inside the row loop) and da (after it).</summary>
[NormLayer("n d")]
public sealed partial class OpHyperArithmeticSharedFactor
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr a, double alpha = 0.3, double beta = 2.0)
        => (alpha * beta - 1) * x + a / (beta + alpha) - alpha / beta * Square(x) + (1 - alpha) * a * x - beta;
}

/// <summary>A parameter summed over all its axes: da is one total, broadcast over d (found by the formula fuzzer).</summary>
[NormLayer("n d")]
public sealed partial class OpParameterTotal
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr a) => Sum(a, "d") * x;
}

/// <summary>
/// A running statistic that simplifies to 0 (the mean of centred values) is still one value per f, as its axes say:
/// the buffer has f elements in the kernels, the stateful layer and the interpreter (found by the formula fuzzer).
/// </summary>
[NormLayer("n f")]
public sealed partial class OpRunningOfZero
{
    [Formula]
    static Expr Forward(Expr x, double momentum = 0.1) => Running(Mean(x - Mean(x, "n"), "n"), momentum) + x;
}

// A gradient that is a bare sum broadcast back over the axes it summed (d(Sum(x, "d")) = Sum(dy, "d") for every d): its
// pass once merged the loops over d and k into one flat loop and read the per-k sum at offset 0 (found by the fuzzer).

/// <summary>A parameter over the whole layout summed over its outer axis, without an outer loop: dx = Sum(dy, "d") at every d.</summary>
[NormLayer("d k")]
public sealed partial class OpBroadcastSumParameter
{
    [Formula]
    static Expr Forward(Expr p, [Param("d k")] Expr x) => Sum(x, "d") + p;
}

/// <summary>The same for an input, whose gradient is written rather than accumulated.</summary>
[NormLayer("k w")]
public sealed partial class OpBroadcastSumInput
{
    [Formula]
    static Expr Forward(Expr xin, [Param("k w")] Expr v) => Sum(xin, "k") + v;
}

/// <summary>Inside an outer loop (over n): the per-k sum of each row is broadcast over (d k).</summary>
[NormLayer("n d k")]
public sealed partial class OpBroadcastSumInRows
{
    [Formula]
    static Expr Forward(Expr x, [Param("n d k")] Expr p) => Sum(x, "d") + p;
}

/// <summary>A sum over two outer axes broadcast back over them: the loop over (d k) merges, the one over w stays apart.</summary>
[NormLayer("d k w")]
public sealed partial class OpBroadcastSumOverTwoAxes
{
    [Formula]
    static Expr Forward(Expr x, [Param("d k w")] Expr p) => Sum(x, "d k") + p;
}

/// <summary>
/// Nested statistics of Rsqrt(Sigmoid(...)) that reach ~1e224 before a normalization (found by the formula fuzzer, seed
/// 777001, replay 1029689101:8; docs/fuzzing.md bug 12): its backward once multiplied rstd2^3 (~1e-336, below double's
/// range) before the row sum it scales.
/// </summary>
[NormLayer("size g ab T", Output = "ab T")]
public sealed partial class OpNestedStatisticsNear1e224
{
    [Formula]
    static Expr Forward(Expr p)
        => Var(Square(Var(Square(Rsqrt(Sigmoid(p - (10 * Sqrt(Sum(Abs(p) + 1.0, "ab g")))))), "size")), "g") * Rsqrt(Var(Pow(Var(Sqrt(Square(Var(Square(Pow(Rsqrt(Sigmoid(Mean(p, "g") - (Maximum(10 / (Abs(p) + 1.5), (Rsqrt(Square(p) + 1.0) - Mean(Rsqrt(Square(p) + 1.0), "ab size")) * Rsqrt(Var(Rsqrt(Square(p) + 1.0), "ab  size") + 3.0)) * Sqrt(Abs(Sum(Sqrt(Abs(p) + 1.0), "T ab g")) + 0.25)))), 1)), "T size")) + 1e-5), "g"), 2), "ab") + 1.0);
}

public static class RegressionKernels
{
    public static readonly LayerKernels OpNestedStatisticsNear1e224 = new(typeof(OpNestedStatisticsNear1e224));

    public static readonly LayerKernels OpRunningOfZero = new(typeof(OpRunningOfZero));

    public static readonly LayerKernels OpParameterTotal = new(typeof(OpParameterTotal));

    public static readonly LayerKernels OpHyperArithmeticSharedFactor = new(typeof(OpHyperArithmeticSharedFactor));

    public static readonly LayerKernels OpBroadcastSumParameter = new(typeof(OpBroadcastSumParameter));

    public static readonly LayerKernels OpBroadcastSumInput = new(typeof(OpBroadcastSumInput));

    public static readonly LayerKernels OpBroadcastSumInRows = new(typeof(OpBroadcastSumInRows));

    public static readonly LayerKernels OpBroadcastSumOverTwoAxes = new(typeof(OpBroadcastSumOverTwoAxes));
}
