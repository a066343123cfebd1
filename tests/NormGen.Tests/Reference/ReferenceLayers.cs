using static NormGen.Ops;

namespace NormGen.Tests.Reference;

// The layers the PyTorch reference cases exercise, declared exactly as users declare them (docs/language.md).
// The generator compiles this project too, so these are also its first real inputs. LayerNorm, RmsNorm, BatchNorm2d,
// GroupNorm and InstanceNorm, which the benchmarks time too, are tests/Shared/Layers (NormGen.TestLayers).

/// <summary>PyTorch's LayerNorm with normalized_shape of two dims.</summary>
[NormLayer("n h w")]
public sealed partial class LayerNormOverTwoAxes
{
    [Formula]
    static Expr Forward(Expr x, [Param("h w")] Expr gamma, [Param("h w", Init = 0)] Expr beta, double eps = 1e-5)
        => gamma * (x - Mean(x, "h w")) * Rsqrt(Var(x, "h w") + eps) + beta;
}

/// <summary>PyTorch's LayerNorm with elementwise_affine=False.</summary>
[NormLayer("n d")]
public sealed partial class LayerNormNoAffine
{
    [Formula]
    static Expr Forward(Expr x, double eps = 1e-5) => (x - Mean(x, "d")) * Rsqrt(Var(x, "d") + eps);
}

[NormLayer("n c")]
public sealed partial class BatchNorm1d
{
    [Formula]
    static Expr Forward(Expr x, [Param("c")] Expr gamma, [Param("c", Init = 0)] Expr beta,
                        double eps = 1e-5, double momentum = 0.1)
    {
        var mean = Running(Mean(x, "n"), momentum);
        var variance = Running(Var(x, "n"), momentum, unbiased: true);
        return gamma * (x - mean) * Rsqrt(variance + eps) + beta;
    }
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
