using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

// Layers whose statistics span every axis the layout keeps, so their kernels have no outer loop: the whole tensor is
// one row (1-D layouts, statistics over every axis) or the statistics keep only the contiguous axis (channels-last).
// These take the one-sweep shifted statistics path (ShiftedStatistics), whose pivot is x at index 0.

/// <summary>Issue 9's reproduction: a 1-D layout normalized over its only axis (was 316.2 everywhere).</summary>
[NormLayer("d")]
public sealed partial class WholeVectorScale
{
    [Formula]
    static Expr Forward(Expr x) => x * Rsqrt(Var(x, "d") + 1e-5);
}

/// <summary>LayerNorm over a 1-D layout, with an affine transform over the same axis.</summary>
[NormLayer("d")]
public sealed partial class WholeVectorLayerNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta, double eps = 1e-5)
        => gamma * (x - Mean(x, "d")) * Rsqrt(Var(x, "d") + eps) + beta;
}

/// <summary>LayerNorm over both axes of an "n d" layout (was zeros everywhere).</summary>
[NormLayer("n d")]
public sealed partial class WholeTensorLayerNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta, double eps = 1e-5)
        => gamma * (x - Mean(x, "n d")) * Rsqrt(Var(x, "n d") + eps) + beta;
}

/// <summary>
/// Channels-last statistics of x weighted per sample: the pivot's pass loops over c only, so the weight (which varies
/// over n alone) is read at n = 0 there and must not be reused by the passes over every n.
/// </summary>
[NormLayer("n c")]
public sealed partial class SampleWeightedBatchNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("n")] Expr w, [Param("c")] Expr gamma, double eps = 1e-5)
    {
        var e = x * w;
        return gamma * (e - Mean(e, "n")) * Rsqrt(Var(e, "n") + eps);
    }
}

/// <summary>The generated kernels of the layers above, behind <see cref="LayerKernels"/>.</summary>
public static class NoOuterLoopKernels
{
    public static readonly LayerKernels WholeVectorScale = new(typeof(WholeVectorScale),
        c =>
        {
            var s = new WholeVectorScale.Shape(c["d"]);
            var saved = new WholeVectorScale.Saved<double>(s);
            Kernels.WholeVectorScale.Forward(s, c.In("x"), c.Y, saved);
            return () => Kernels.WholeVectorScale.Backward(s, c.Dy, c.In("x"), saved, c.D("x"));
        },
        c =>
        {
            var s = new WholeVectorScale.Shape(c["d"]);
            var saved = new WholeVectorScale.Saved<float>(s);
            Kernels.WholeVectorScale.Forward(s, c.In("x"), c.Y, saved);
            return () => Kernels.WholeVectorScale.Backward(s, c.Dy, c.In("x"), saved, c.D("x"));
        });

    public static readonly LayerKernels WholeVectorLayerNorm = new(typeof(WholeVectorLayerNorm),
        c =>
        {
            var s = new WholeVectorLayerNorm.Shape(c["d"]);
            var saved = new WholeVectorLayerNorm.Saved<double>(s);
            Kernels.WholeVectorLayerNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"));
            return () => Kernels.WholeVectorLayerNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved,
                                                               c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"));
        },
        c =>
        {
            var s = new WholeVectorLayerNorm.Shape(c["d"]);
            var saved = new WholeVectorLayerNorm.Saved<float>(s);
            Kernels.WholeVectorLayerNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"));
            return () => Kernels.WholeVectorLayerNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved,
                                                               c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"));
        });

    public static readonly LayerKernels WholeTensorLayerNorm = new(typeof(WholeTensorLayerNorm),
        c =>
        {
            var s = new WholeTensorLayerNorm.Shape(c["n"], c["d"]);
            var saved = new WholeTensorLayerNorm.Saved<double>(s);
            Kernels.WholeTensorLayerNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"));
            return () => Kernels.WholeTensorLayerNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved,
                                                               c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"));
        },
        c =>
        {
            var s = new WholeTensorLayerNorm.Shape(c["n"], c["d"]);
            var saved = new WholeTensorLayerNorm.Saved<float>(s);
            Kernels.WholeTensorLayerNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"));
            return () => Kernels.WholeTensorLayerNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved,
                                                               c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"));
        });

    public static readonly LayerKernels SampleWeightedBatchNorm = new(typeof(SampleWeightedBatchNorm),
        c =>
        {
            var s = new SampleWeightedBatchNorm.Shape(c["n"], c["c"]);
            var saved = new SampleWeightedBatchNorm.Saved<double>(s);
            Kernels.SampleWeightedBatchNorm.Forward(s, c.In("x"), c.In("w"), c.In("gamma"), c.Y, saved, c.H("eps"));
            return () => Kernels.SampleWeightedBatchNorm.Backward(s, c.Dy, c.In("x"), c.In("w"), c.In("gamma"), saved,
                                                                  c.D("x"), c.D("w"), c.D("gamma"), c.H("eps"));
        },
        c =>
        {
            var s = new SampleWeightedBatchNorm.Shape(c["n"], c["c"]);
            var saved = new SampleWeightedBatchNorm.Saved<float>(s);
            Kernels.SampleWeightedBatchNorm.Forward(s, c.In("x"), c.In("w"), c.In("gamma"), c.Y, saved, c.H("eps"));
            return () => Kernels.SampleWeightedBatchNorm.Backward(s, c.Dy, c.In("x"), c.In("w"), c.In("gamma"), saved,
                                                                  c.D("x"), c.D("w"), c.D("gamma"), c.H("eps"));
        });
}
