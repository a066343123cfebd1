using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

// One small layer per derivative rule, all with the signature Forward(x over "n d", a over "d"), so a wrong rule
// fails in the test named after it. Finite differences of the generated forward check the generated backward.

[NormLayer("n d")] public sealed partial class OpSqrt { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => a * Sqrt(x); }
[NormLayer("n d")] public sealed partial class OpRsqrt { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => a * Rsqrt(x); }
[NormLayer("n d")] public sealed partial class OpExp { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => a * Exp(x); }
[NormLayer("n d")] public sealed partial class OpLog { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => a * Log(x); }
[NormLayer("n d")] public sealed partial class OpTanh { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => a * Tanh(x); }
[NormLayer("n d")] public sealed partial class OpSigmoid { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => a * Sigmoid(x); }
[NormLayer("n d")] public sealed partial class OpSoftplus { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => a * Softplus(x); }
[NormLayer("n d")] public sealed partial class OpAbs { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => a * Abs(x); }
[NormLayer("n d")] public sealed partial class OpSquare { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => a * Square(x); }
[NormLayer("n d")] public sealed partial class OpPowThreeHalves { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => a * Pow(x, 1.5); }
[NormLayer("n d")] public sealed partial class OpPowCube { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => a * Pow(x, 3); }
[NormLayer("n d")] public sealed partial class OpPowMinusHalf { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => a * Pow(x, -0.5); }
[NormLayer("n d")] public sealed partial class OpPowSquare { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => Pow(x - a, 2); }
/// <summary>Exponents 1 and 0, which simplification may fold.</summary>
[NormLayer("n d")] public sealed partial class OpPowTrivial { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => a * Pow(x, 1) + Pow(x, 0) * 3; }
[NormLayer("n d")] public sealed partial class OpMaximum { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => Maximum(x, a) + Maximum(0.25, x); }
[NormLayer("n d")] public sealed partial class OpMinimum { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => Minimum(a, x) + Minimum(x, -0.25); }
[NormLayer("n d")] public sealed partial class OpAdd { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => x + a; }
[NormLayer("n d")] public sealed partial class OpSubtract { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => a - x; }
[NormLayer("n d")] public sealed partial class OpMultiply { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => x * a; }
[NormLayer("n d")] public sealed partial class OpDivide { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => x / a + 1 / x; }
[NormLayer("n d")] public sealed partial class OpNegate { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => -(x * a) + -x; }
[NormLayer("n d")] public sealed partial class OpSum { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => x * Sum(a * x, "d"); }
[NormLayer("n d")] public sealed partial class OpMean { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => x * Mean(a * x, "d"); }
[NormLayer("n d")] public sealed partial class OpVar { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => x * Var(a * x, "d"); }
[NormLayer("n d")] public sealed partial class OpMax { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => x * Max(a * x, "d"); }
[NormLayer("n d")] public sealed partial class OpMin { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => x * Min(a * x, "d"); }
/// <summary>Max and Min over the outer axis: the gradient must reach the arg-max row of each column.</summary>
[NormLayer("n d")] public sealed partial class OpMaxMinOverRows { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => a * Max(x, "n") - x * Min(x, "n"); }

/// <summary>
/// Hyper-parameters in arithmetic with each other, with constants and with tensors. (The variant whose hyper-parameter
/// factor also reaches a parameter gradient is in GeneratorBugLayers.cs: its generated code does not compile.)
/// </summary>
[NormLayer("n d")]
public sealed partial class OpHyperArithmetic
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr a, double alpha = 0.3, double beta = 2.0)
        => (alpha * beta - 1) * x + a * x - alpha / (beta + alpha) * Square(x) - (1 - alpha) * -beta;
}
