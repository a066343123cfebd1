using NormGen;
using static NormGen.Ops;

namespace NormGen.TestLayers;

/// <summary>RMSNorm (Zhang and Sennrich 2019) with gamma; the benchmarks pass eps explicitly.</summary>
[NormLayer("n d")]
public sealed partial class RmsNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, double eps = 1e-6)
        => x * Rsqrt(Mean(Square(x), "d") + eps) * gamma;
}
