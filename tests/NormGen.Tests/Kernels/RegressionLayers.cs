using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

// Layers that once exposed generator bugs; RegressionTests.cs holds their tests.

/// <summary>An integer exponent too large to become a product (|p| >= 64): the general Pow, on negative bases too.</summary>
[NormLayer("n d")]
public sealed partial class OpPowLargeInteger
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr a) => a * Pow(x, 64);
}

/// <summary>A hyper-parameter factor, (1 - alpha), that reaches both dx (inside the row loop) and da (after it).</summary>
[NormLayer("n d")]
public sealed partial class OpHyperArithmeticSharedFactor
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr a, double alpha = 0.3, double beta = 2.0)
        => (alpha * beta - 1) * x + a / (beta + alpha) - alpha / beta * Square(x) + (1 - alpha) * a * x - beta;
}

public static class RegressionKernels
{
    public static readonly LayerKernels OpHyperArithmeticSharedFactor = new(typeof(OpHyperArithmeticSharedFactor),
        c =>
        {
            var s = new OpHyperArithmeticSharedFactor.Shape(c["n"], c["d"]);
            var saved = new OpHyperArithmeticSharedFactor.Saved<double>(s);
            Kernels.OpHyperArithmeticSharedFactor.Forward(s, c.In("x"), c.In("a"), c.Y, saved, c.H("alpha"), c.H("beta"));
            return () => Kernels.OpHyperArithmeticSharedFactor.Backward(s, c.Dy, c.In("x"), c.In("a"), saved, c.D("x"), c.D("a"), c.H("alpha"), c.H("beta"));
        },
        c =>
        {
            var s = new OpHyperArithmeticSharedFactor.Shape(c["n"], c["d"]);
            var saved = new OpHyperArithmeticSharedFactor.Saved<float>(s);
            Kernels.OpHyperArithmeticSharedFactor.Forward(s, c.In("x"), c.In("a"), c.Y, saved, c.H("alpha"), c.H("beta"));
            return () => Kernels.OpHyperArithmeticSharedFactor.Backward(s, c.Dy, c.In("x"), c.In("a"), saved, c.D("x"), c.D("a"), c.H("alpha"), c.H("beta"));
        });
}
