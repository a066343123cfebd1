using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

// Formulas for the one-sweep row statistics and the row sums of cross-row sums (Passes/Schedule/ShiftedStatistics.cs,
// RowSums.cs), written as a user would; FormulaCases.Custom holds them to the interpreter and to finite differences.

/// <summary>
/// A per-plane norm with a learned scalar and a Max: statistics over two inner axes (h w), dgamma summed over n h w and
/// dt over every axis, both split into per-plane row sums.
/// </summary>
[NormLayer("n c h w")]
public sealed partial class ScaledPlaneNormWithPeak
{
    [Formula]
    static Expr Forward(Expr x, [Param("c")] Expr gamma, [Param(Init = 0.5)] Expr t, double eps = 1e-5)
        => gamma * t * (x - Mean(x, "h w")) * Rsqrt(Var(x, "h w") + eps) + Max(x, "h w");
}

/// <summary>The variance of a computed operand: its shift is the square of the row's first element.</summary>
[NormLayer("n d")]
public sealed partial class SquareVarianceNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, double eps = 1e-3)
        => gamma * x * Rsqrt(Var(Square(x), "d") + eps);
}

/// <summary>A variance over two inner axes (t d) beside a mean over one (d): the outer loop keeps n only.</summary>
[NormLayer("n t d")]
public sealed partial class TokenCentredSampleNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, double eps = 1e-5)
        => gamma * (x - Mean(x, "d")) * Rsqrt(Var(x, "t d") + eps);
}
