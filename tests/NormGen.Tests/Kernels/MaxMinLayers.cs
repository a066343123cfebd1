using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

// Max/Min reductions of a computed operand (found by the formula fuzzer, docs/fuzzing.md); MaxMinTests.cs holds
// their tests.

/// <summary>A Min of a Min of an Exp: the inner Min's operand is computed, and so is the outer's (the inner Min).</summary>
[NormLayer("i n f", Output = "i")]
public sealed partial class MinOfMinOfExp
{
    [Formula]
    static Expr Forward(Expr xin) => Min(Min(Exp(xin), "n"), "f");
}

/// <summary>A Min of a product with a statistic, over an axis the statistic keeps.</summary>
[NormLayer("c f", Output = "f t")]
public sealed partial class MinOfScaledMean
{
    [Formula]
    static Expr Forward(Expr xin, [Param("c f t")] Expr w) => Min(w * Mean(xin, "f"), "c");
}

/// <summary>A Max of the input times its variance: the operand holds a statistic computed around a pivot in one sweep.</summary>
[NormLayer("o w", Output = "w")]
public sealed partial class MaxOfScaledVar
{
    [Formula]
    static Expr Forward(Expr xin) => Max(xin * Var(xin, "w"), "o");
}

public static class MaxMinKernels
{
    public static readonly LayerKernels MinOfMinOfExp = new(typeof(MinOfMinOfExp));

    public static readonly LayerKernels MaxOfScaledVar = new(typeof(MaxOfScaledVar));

    public static readonly LayerKernels MinOfScaledMean = new(typeof(MinOfScaledMean));
}
