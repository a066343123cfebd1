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
    public static readonly LayerKernels WholeVectorScale = new(typeof(WholeVectorScale));

    public static readonly LayerKernels WholeVectorLayerNorm = new(typeof(WholeVectorLayerNorm));

    public static readonly LayerKernels WholeTensorLayerNorm = new(typeof(WholeTensorLayerNorm));

    public static readonly LayerKernels SampleWeightedBatchNorm = new(typeof(SampleWeightedBatchNorm));
}
