using NormGen;
using static NormGen.Ops;

namespace NormGen.TestLayers;

/// <summary>PyTorch's LayerNorm over the last axis (docs/language.md).</summary>
[NormLayer("n d")]
public sealed partial class LayerNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta, double eps = 1e-5)
        => gamma * (x - Mean(x, "d")) * Rsqrt(Var(x, "d") + eps) + beta;
}
