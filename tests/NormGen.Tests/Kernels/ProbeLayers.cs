using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

/// <summary>Statistics over the middle axis: a strided reduction, neither the contiguous nor the outermost axis.</summary>
[NormLayer("n c d")]
public sealed partial class MiddleAxisNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("c d")] Expr gamma, double eps = 1e-5)
        => gamma * (x - Mean(x, "c")) * Rsqrt(Var(x, "c") + eps);
}

/// <summary>One statistic over every axis, and a statistic of a statistic.</summary>
[NormLayer("n d")]
public sealed partial class GlobalRmsNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, double eps = 1e-6)
        => gamma * x * Rsqrt(Mean(Square(x), "n d") + eps) + Mean(Var(x, "d"), "n");
}

/// <summary>The output laid out transposed (feature-major) relative to the input.</summary>
[NormLayer("n d", Output = "d n")]
public sealed partial class TransposedRmsNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, double eps = 1e-6)
        => x * Rsqrt(Mean(Square(x), "d") + eps) * gamma;
}

/// <summary>An input and a parameter the output does not depend on: their gradients are zero, still written (dx) or added (dp).</summary>
[NormLayer("n d")]
public sealed partial class UnusedOperands
{
    [Formula]
    static Expr Forward(Expr x, Expr other, [Param("d")] Expr a, [Param("d")] Expr unused)
        => x * a + other - other + 0 * unused;
}
