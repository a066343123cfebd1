using NormGen;
using static NormGen.Ops;

namespace NormGen.TestLayers;

// The layers only the benchmarks time, declared as users declare them: the generator compiles this project too. The
// standard layers (LayerNorm, RmsNorm, BatchNorm2d, GroupNorm, InstanceNorm) are tests/Shared/Layers, shared with the
// tests that hold them to PyTorch.

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

/// <summary>
/// LayerNorm divided by a temperature: dgamma is the sum over rows scaled once it is complete, work after the loop
/// over rows, which kept the whole backward on one thread until that work became a stage of its own.
/// </summary>
[NormLayer("n d")]
public sealed partial class TemperedLayerNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta, double eps = 1e-5, double temperature = 2.0)
        => gamma * (x - Mean(x, "d")) * Rsqrt(Var(x, "d") + eps) / temperature + beta;
}

/// <summary>
/// Cosine normalization (Luo et al. 2018): each row's cosine with every weight row. Its rows reuse working buffers over
/// o and i, which kept both kernels on one thread until each chunk of a split call got copies of its own.
/// </summary>
[NormLayer("n i", Output = "n o")]
public sealed partial class CosineNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("o i")] Expr w)
        => Sum(x * w, "i") * Rsqrt(Sum(x * x, "i")) * Rsqrt(Sum(w * w, "i"));
}
