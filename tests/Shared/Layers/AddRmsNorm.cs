using NormGen;
using static NormGen.Ops;

namespace NormGen.TestLayers;

/// <summary>
/// Fused add+RMSNorm returning the normalized output and the residual stream's sum, as a transformer block's pre-norm
/// keeps it (issue 13's formula for several outputs).
/// </summary>
[NormLayer("n d")]
public sealed partial class AddRmsNorm
{
    [Formula]
    static (Expr y, Expr h) Forward(Expr x, Expr residual, [Param("d")] Expr gamma, double eps = 1e-6)
    {
        var h = x + residual;
        return (h * Rsqrt(Mean(h * h, "d") + eps) * gamma, h);
    }
}
