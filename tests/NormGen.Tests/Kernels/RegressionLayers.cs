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

// A gradient that is a bare sum broadcast back over the axes it summed (d(Sum(x, "d")) = Sum(dy, "d") for every d): its
// pass once merged the loops over d and k into one flat loop and read the per-k sum at offset 0 (found by the fuzzer).

/// <summary>A parameter over the whole layout summed over its outer axis, without an outer loop: dx = Sum(dy, "d") at every d.</summary>
[NormLayer("d k")]
public sealed partial class OpBroadcastSumParameter
{
    [Formula]
    static Expr Forward(Expr p, [Param("d k")] Expr x) => Sum(x, "d") + p;
}

/// <summary>The same for an input, whose gradient is written rather than accumulated.</summary>
[NormLayer("k w")]
public sealed partial class OpBroadcastSumInput
{
    [Formula]
    static Expr Forward(Expr xin, [Param("k w")] Expr v) => Sum(xin, "k") + v;
}

/// <summary>Inside an outer loop (over n): the per-k sum of each row is broadcast over (d k).</summary>
[NormLayer("n d k")]
public sealed partial class OpBroadcastSumInRows
{
    [Formula]
    static Expr Forward(Expr x, [Param("n d k")] Expr p) => Sum(x, "d") + p;
}

/// <summary>A sum over two outer axes broadcast back over them: the loop over (d k) merges, the one over w stays apart.</summary>
[NormLayer("d k w")]
public sealed partial class OpBroadcastSumOverTwoAxes
{
    [Formula]
    static Expr Forward(Expr x, [Param("d k w")] Expr p) => Sum(x, "d k") + p;
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

    public static readonly LayerKernels OpBroadcastSumParameter = new(typeof(OpBroadcastSumParameter),
        c =>
        {
            var s = new OpBroadcastSumParameter.Shape(c["d"], c["k"]);
            var saved = new OpBroadcastSumParameter.Saved<double>(s);
            Kernels.OpBroadcastSumParameter.Forward(s, c.In("p"), c.In("x"), c.Y, saved);
            return () => Kernels.OpBroadcastSumParameter.Backward(s, c.Dy, c.In("p"), c.In("x"), saved, c.D("p"), c.D("x"));
        },
        c =>
        {
            var s = new OpBroadcastSumParameter.Shape(c["d"], c["k"]);
            var saved = new OpBroadcastSumParameter.Saved<float>(s);
            Kernels.OpBroadcastSumParameter.Forward(s, c.In("p"), c.In("x"), c.Y, saved);
            return () => Kernels.OpBroadcastSumParameter.Backward(s, c.Dy, c.In("p"), c.In("x"), saved, c.D("p"), c.D("x"));
        });

    public static readonly LayerKernels OpBroadcastSumInput = new(typeof(OpBroadcastSumInput),
        c =>
        {
            var s = new OpBroadcastSumInput.Shape(c["k"], c["w"]);
            var saved = new OpBroadcastSumInput.Saved<double>(s);
            Kernels.OpBroadcastSumInput.Forward(s, c.In("xin"), c.In("v"), c.Y, saved);
            return () => Kernels.OpBroadcastSumInput.Backward(s, c.Dy, c.In("xin"), c.In("v"), saved, c.D("xin"), c.D("v"));
        },
        c =>
        {
            var s = new OpBroadcastSumInput.Shape(c["k"], c["w"]);
            var saved = new OpBroadcastSumInput.Saved<float>(s);
            Kernels.OpBroadcastSumInput.Forward(s, c.In("xin"), c.In("v"), c.Y, saved);
            return () => Kernels.OpBroadcastSumInput.Backward(s, c.Dy, c.In("xin"), c.In("v"), saved, c.D("xin"), c.D("v"));
        });

    public static readonly LayerKernels OpBroadcastSumInRows = new(typeof(OpBroadcastSumInRows),
        c =>
        {
            var s = new OpBroadcastSumInRows.Shape(c["n"], c["d"], c["k"]);
            var saved = new OpBroadcastSumInRows.Saved<double>(s);
            Kernels.OpBroadcastSumInRows.Forward(s, c.In("x"), c.In("p"), c.Y, saved);
            return () => Kernels.OpBroadcastSumInRows.Backward(s, c.Dy, c.In("x"), c.In("p"), saved, c.D("x"), c.D("p"));
        },
        c =>
        {
            var s = new OpBroadcastSumInRows.Shape(c["n"], c["d"], c["k"]);
            var saved = new OpBroadcastSumInRows.Saved<float>(s);
            Kernels.OpBroadcastSumInRows.Forward(s, c.In("x"), c.In("p"), c.Y, saved);
            return () => Kernels.OpBroadcastSumInRows.Backward(s, c.Dy, c.In("x"), c.In("p"), saved, c.D("x"), c.D("p"));
        });

    public static readonly LayerKernels OpBroadcastSumOverTwoAxes = new(typeof(OpBroadcastSumOverTwoAxes),
        c =>
        {
            var s = new OpBroadcastSumOverTwoAxes.Shape(c["d"], c["k"], c["w"]);
            var saved = new OpBroadcastSumOverTwoAxes.Saved<double>(s);
            Kernels.OpBroadcastSumOverTwoAxes.Forward(s, c.In("x"), c.In("p"), c.Y, saved);
            return () => Kernels.OpBroadcastSumOverTwoAxes.Backward(s, c.Dy, c.In("x"), c.In("p"), saved, c.D("x"), c.D("p"));
        },
        c =>
        {
            var s = new OpBroadcastSumOverTwoAxes.Shape(c["d"], c["k"], c["w"]);
            var saved = new OpBroadcastSumOverTwoAxes.Saved<float>(s);
            Kernels.OpBroadcastSumOverTwoAxes.Forward(s, c.In("x"), c.In("p"), c.Y, saved);
            return () => Kernels.OpBroadcastSumOverTwoAxes.Backward(s, c.Dy, c.In("x"), c.In("p"), saved, c.D("x"), c.D("p"));
        });
}
