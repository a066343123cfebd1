using NormGen;
using static NormGen.Ops;

namespace NormGen.TestLayers;

/// <summary>PyTorch's GroupNorm: the channel axis split into g groups, a parameter over "g c" stored g-major (docs/language.md).</summary>
[NormLayer("n (g c) h w")]
public sealed partial class GroupNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("g c")] Expr gamma, [Param("g c", Init = 0)] Expr beta, double eps = 1e-5)
        => gamma * (x - Mean(x, "c h w")) * Rsqrt(Var(x, "c h w") + eps) + beta;
}
