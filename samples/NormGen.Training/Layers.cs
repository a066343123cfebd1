using NormGen;
using static NormGen.Ops;

namespace NormGen.Training;

// The normalization layers the network trains with. Each is only a formula: NormGen generates its float and
// double forward and backward kernels at build time. LayerNorm, RMSNorm, WeightNorm and CosineNorm are the
// formulas of samples/NormGen.Samples; BatchNorm1d is BatchNorm2d's formula over a (batch, channel) layout.

[NormLayer("n c")]
public sealed partial class BatchNorm1d
{
    [Formula]
    static Expr Forward(Expr x, [Param("c")] Expr gamma, [Param("c", Init = 0)] Expr beta, double eps = 1e-5, double momentum = 0.1)
    {
        var mean = Running(Mean(x, "n"), momentum);                    // batch statistic in training,
        var variance = Running(Var(x, "n"), momentum, unbiased: true); // running buffer in eval
        return gamma * (x - mean) * Rsqrt(variance + eps) + beta;
    }
}

[NormLayer("n d")]
public sealed partial class LayerNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta, double eps = 1e-5)
        => gamma * (x - Mean(x, "d")) * Rsqrt(Var(x, "d") + eps) + beta;
}

[NormLayer("n d")]
public sealed partial class RMSNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, double eps = 1e-6)
        => x * Rsqrt(Mean(Square(x), "d") + eps) * gamma;
}

/// <summary>w = g v / ||v||, row by row: the weights of a linear layer, reparameterized.</summary>
[NormLayer("o i")]
public sealed partial class WeightNorm
{
    [Formula]
    static Expr Forward(Expr v, [Param("o")] Expr g) => g * v * Rsqrt(Sum(v * v, "i"));
}

/// <summary>A linear layer that outputs the cosine between each weight row and the input row.</summary>
[NormLayer("n i", Output = "n o")]
public sealed partial class CosineNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("o i")] Expr w)
        => Sum(x * w, "i") * Rsqrt(Sum(x * x, "i")) * Rsqrt(Sum(w * w, "i"));
}
