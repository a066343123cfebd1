using NormGen;
using static NormGen.Ops;

namespace NormGen.Samples;

// The rest of the family, each from its formula alone: same compiler, different layouts and statistics.

[NormLayer("n c h w")]
public sealed partial class BatchNorm2d
{
    [Formula]
    static Expr Forward(Expr x, [Param("c")] Expr gamma, [Param("c", Init = 0)] Expr beta, double eps = 1e-5, double momentum = 0.1)
    {
        var mean = Running(Mean(x, "n h w"), momentum);                    // batch statistic in training,
        var variance = Running(Var(x, "n h w"), momentum, unbiased: true); // running buffer in eval
        return gamma * (x - mean) * Rsqrt(variance + eps) + beta;
    }
}

[NormLayer("n h w c")] // channels-last: per-channel sums accumulate lane-wise across rows of channels
public sealed partial class BatchNorm2dChannelsLast
{
    [Formula]
    static Expr Forward(Expr x, [Param("c")] Expr gamma, [Param("c", Init = 0)] Expr beta, double eps = 1e-5, double momentum = 0.1)
    {
        var mean = Running(Mean(x, "n h w"), momentum);
        var variance = Running(Var(x, "n h w"), momentum, unbiased: true);
        return gamma * (x - mean) * Rsqrt(variance + eps) + beta;
    }
}

[NormLayer("n (g c) h w")]
public sealed partial class GroupNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("g c")] Expr gamma, [Param("g c", Init = 0)] Expr beta, double eps = 1e-5)
        => gamma * (x - Mean(x, "c h w")) * Rsqrt(Var(x, "c h w") + eps) + beta;
}

[NormLayer("n c h w")]
public sealed partial class InstanceNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("c")] Expr gamma, [Param("c", Init = 0)] Expr beta, double eps = 1e-5)
        => gamma * (x - Mean(x, "h w")) * Rsqrt(Var(x, "h w") + eps) + beta;
}

[NormLayer("o i")]
public sealed partial class WeightNorm
{
    [Formula]
    static Expr Forward(Expr v, [Param("o")] Expr g) => g * v * Rsqrt(Sum(v * v, "i"));
}

[NormLayer("n i", Output = "n o")]
public sealed partial class CosineNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("o i")] Expr w)
        => Sum(x * w, "i") * Rsqrt(Sum(x * x, "i")) * Rsqrt(Sum(w * w, "i"));
}
