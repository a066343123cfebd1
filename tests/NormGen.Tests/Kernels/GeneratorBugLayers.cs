using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

#if NORMGEN_BUG_REPRO
/// <summary>Hyper-parameters in arithmetic with each other, with constants and with tensors.</summary>
[NormLayer("n d")]
public sealed partial class OpHyperArithmeticSharedFactor
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr a, double alpha = 0.3, double beta = 2.0)
        => (alpha * beta - 1) * x + a / (beta + alpha) - alpha / beta * Square(x) + (1 - alpha) * a * x - beta;
}
#endif
