using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

/// <summary>
/// Three outputs nobody wrote a kernel for: a LayerNorm without mean subtraction in its output, the mean-centred input,
/// and a gate that reads the first output, so the paths into x meet three ways.
/// </summary>
[NormLayer("n d")]
public sealed partial class CentredGatedNorm
{
    [Formula]
    static (Expr y, Expr centred, Expr gated) Forward(Expr x, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta, double eps = 1e-5)
    {
        var c = x - Mean(x, "d");
        var y = c * Rsqrt(Mean(c * c, "d") + eps) * gamma + beta;
        return (y, c, Sigmoid(y) * x);
    }
}

/// <summary>
/// LayerNorm that also returns its statistics, one value per row (outputs over fewer axes than the layout), and the
/// whole batch's mean square as a one-element output: their gradients flow back into x like any other.
/// </summary>
[NormLayer("n d")]
public sealed partial class LayerNormWithStats
{
    [Formula]
    static (Expr y, Expr mean, Expr rstd, Expr power) Forward(Expr x, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta, double eps = 1e-5)
    {
        var mean = Mean(x, "d");
        var rstd = Rsqrt(Var(x, "d") + eps);
        return ((x - mean) * rstd * gamma + beta, mean, rstd, Mean(x * x, "n d"));
    }
}

/// <summary>BatchNorm over "n c" that also returns the centred input: several outputs with running statistics, in both modes.</summary>
[NormLayer("n c")]
public sealed partial class BatchNormWithCentred
{
    [Formula]
    static (Expr y, Expr centred) Forward(Expr x, [Param("c")] Expr gamma, double momentum = 0.1)
    {
        var mean = Running(Mean(x, "n"), momentum);
        var variance = Running(Var(x, "n"), momentum, unbiased: true);
        var c = x - mean;
        return (c * Rsqrt(variance + 1e-5) * gamma, c);
    }
}

/// <summary>Outputs that are no computation of their own: a copy of the input and a constant broadcast over the layout.</summary>
[NormLayer("n d")]
public sealed partial class CopyAndConstant
{
    [Formula]
    static (Expr y, Expr copy, Expr k) Forward(Expr x, double eps = 1e-5) => (x * Rsqrt(Mean(x * x, "d") + eps), x, x * 0 + eps);
}
