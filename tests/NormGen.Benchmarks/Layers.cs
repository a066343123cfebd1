using NormGen;
using static NormGen.Ops;

namespace NormGen.Benchmarks.Layers;

// The layers the benchmarks time, declared as users declare them: the generator compiles this project too.

[NormLayer("n d")]
public sealed partial class LayerNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta, double eps = 1e-5)
        => gamma * (x - Mean(x, "d")) * Rsqrt(Var(x, "d") + eps) + beta;
}

[NormLayer("n d")]
public sealed partial class RmsNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, double eps = 1e-5)
        => x * Rsqrt(Mean(Square(x), "d") + eps) * gamma;
}

[NormLayer("n c h w")]
public sealed partial class BatchNorm2d
{
    [Formula]
    static Expr Forward(Expr x, [Param("c")] Expr gamma, [Param("c", Init = 0)] Expr beta, double eps = 1e-5, double momentum = 0.1)
    {
        var mean = Running(Mean(x, "n h w"), momentum);
        var variance = Running(Var(x, "n h w"), momentum, unbiased: true);
        return gamma * (x - mean) * Rsqrt(variance + eps) + beta;
    }
}

[NormLayer("n h w c")]
public sealed partial class BatchNorm2dNhwc
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

/// <summary>LayerNorm with kernels specialized for the benchmarked feature sizes (constant bounds, no remainders).</summary>
[NormLayer("n d", Specialize = "d=256; d=768; d=1024; d=4096")]
public sealed partial class LayerNormSpecialized
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta, double eps = 1e-5)
        => gamma * (x - Mean(x, "d")) * Rsqrt(Var(x, "d") + eps) + beta;
}

/// <summary>Dynamic Tanh (DyT, Zhu et al. 2025), the elementwise replacement for LayerNorm: tanh's cost on show.</summary>
[NormLayer("n d")]
public sealed partial class DyT
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta, double alpha = 0.5)
        => gamma * Tanh(alpha * x) + beta;
}
