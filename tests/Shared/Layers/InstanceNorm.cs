using NormGen;
using static NormGen.Ops;

namespace NormGen.TestLayers;

/// <summary>PyTorch's InstanceNorm2d with affine=True.</summary>
[NormLayer("n c h w")]
public sealed partial class InstanceNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("c")] Expr gamma, [Param("c", Init = 0)] Expr beta, double eps = 1e-5)
        => gamma * (x - Mean(x, "h w")) * Rsqrt(Var(x, "h w") + eps) + beta;
}
