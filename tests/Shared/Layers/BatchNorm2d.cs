using NormGen;
using static NormGen.Ops;

namespace NormGen.TestLayers;

/// <summary>PyTorch's BatchNorm2d over NCHW, with running statistics (docs/language.md).</summary>
[NormLayer("n c h w")]
public sealed partial class BatchNorm2d
{
    [Formula]
    static Expr Forward(Expr x, [Param("c")] Expr gamma, [Param("c", Init = 0)] Expr beta,
                        double eps = 1e-5, double momentum = 0.1)
    {
        var mean = Running(Mean(x, "n h w"), momentum);
        var variance = Running(Var(x, "n h w"), momentum, unbiased: true);
        return gamma * (x - mean) * Rsqrt(variance + eps) + beta;
    }
}
