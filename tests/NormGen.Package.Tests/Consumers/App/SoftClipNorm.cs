using NormGen;
using static NormGen.Ops;

/// <summary>
/// A layer that is in no NormGen sample or test: the standardized input squashed by tanh, then scaled and
/// shifted. Declared in the global namespace (internal: analyzers rightly ask public types to have a namespace).
/// </summary>
[NormLayer("n d")]
internal sealed partial class SoftClipNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta, double eps = 1e-5)
        => gamma * Tanh((x - Mean(x, "d")) * Rsqrt(Var(x, "d") + eps)) + beta;
}
