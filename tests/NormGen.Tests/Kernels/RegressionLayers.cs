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

/// <summary>A parameter summed over all its axes: da is one total, broadcast over d (found by the formula fuzzer).</summary>
[NormLayer("n d")]
public sealed partial class OpParameterTotal
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr a) => Sum(a, "d") * x;
}

/// <summary>
/// A running statistic that simplifies to 0 (the mean of centred values) is still one value per f, as its axes say:
/// the buffer has f elements in the kernels, the stateful layer and the interpreter (found by the formula fuzzer).
/// </summary>
[NormLayer("n f")]
public sealed partial class OpRunningOfZero
{
    [Formula]
    static Expr Forward(Expr x, double momentum = 0.1) => Running(Mean(x - Mean(x, "n"), "n"), momentum) + x;
}

public static class RegressionKernels
{
    public static readonly LayerKernels OpRunningOfZero = new(typeof(OpRunningOfZero),
        c =>
        {
            var s = new OpRunningOfZero.Shape(c["n"], c["f"]);
            var saved = new OpRunningOfZero.Saved<double>(s);
            Kernels.OpRunningOfZero.Forward(s, c.In("x"), c.R(0), c.Y, saved, c.Training, c.H("momentum"));
            return () => Kernels.OpRunningOfZero.Backward(s, c.Dy, c.In("x"), c.R(0), saved, c.D("x"), c.Training, c.H("momentum"));
        },
        c =>
        {
            var s = new OpRunningOfZero.Shape(c["n"], c["f"]);
            var saved = new OpRunningOfZero.Saved<float>(s);
            Kernels.OpRunningOfZero.Forward(s, c.In("x"), c.R(0), c.Y, saved, c.Training, c.H("momentum"));
            return () => Kernels.OpRunningOfZero.Backward(s, c.Dy, c.In("x"), c.R(0), saved, c.D("x"), c.Training, c.H("momentum"));
        });

    public static readonly LayerKernels OpParameterTotal = new(typeof(OpParameterTotal),
        c =>
        {
            var s = new OpParameterTotal.Shape(c["n"], c["d"]);
            var saved = new OpParameterTotal.Saved<double>(s);
            Kernels.OpParameterTotal.Forward(s, c.In("x"), c.In("a"), c.Y, saved);
            return () => Kernels.OpParameterTotal.Backward(s, c.Dy, c.In("x"), c.In("a"), saved, c.D("x"), c.D("a"));
        },
        c =>
        {
            var s = new OpParameterTotal.Shape(c["n"], c["d"]);
            var saved = new OpParameterTotal.Saved<float>(s);
            Kernels.OpParameterTotal.Forward(s, c.In("x"), c.In("a"), c.Y, saved);
            return () => Kernels.OpParameterTotal.Backward(s, c.Dy, c.In("x"), c.In("a"), saved, c.D("x"), c.D("a"));
        });

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
