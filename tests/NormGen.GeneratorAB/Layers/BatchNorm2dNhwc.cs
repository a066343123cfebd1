using NormGen;
using static NormGen.Ops;

namespace NormGen.TestLayers;

/// <summary>BatchNorm2d over channels-last (NHWC) input, as tests/NormGen.Benchmarks/Layers.cs declares it.</summary>
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
