using NormGen;
using static NormGen.Ops;

namespace NormGen.Samples;

// Two layers, written the way PyTorch documents them. NormGen derives their backward passes at build time.

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
