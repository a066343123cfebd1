using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

// Layers with conditioning inputs: [Input("...")] marks an input over some of the layout's axes, broadcast over the
// others, whose gradient is summed over those others and written (docs/language.md). Written as a user would;
// ConditioningKernels.cs binds their kernels for the tests.

/// <summary>adaLN (DiT): per-sample shift and scale of a LayerNorm without its own affine, over tokens t.</summary>
[NormLayer("n t d")]
public sealed partial class AdaLN
{
    [Formula]
    static Expr Forward(Expr x, [Input("n d")] Expr shift, [Input("n d")] Expr scale, double eps = 1e-6)
        => (x - Mean(x, "d")) * Rsqrt(Var(x, "d") + eps) * (1 + scale) + shift;
}

/// <summary>AdaIN (Huang and Belongie 2017): instance statistics over h w, per-sample per-channel style.</summary>
[NormLayer("n c h w")]
public sealed partial class AdaIN
{
    [Formula]
    static Expr Forward(Expr x, [Input("n c")] Expr style_scale, [Input("n c")] Expr style_shift, double eps = 1e-5)
        => style_scale * (x - Mean(x, "h w")) * Rsqrt(Var(x, "h w") + eps) + style_shift;
}

/// <summary>An RMSNorm gated per position t, shared by every sample: an input over one middle axis only.</summary>
[NormLayer("n t d")]
public sealed partial class PositionGatedRmsNorm
{
    [Formula]
    static Expr Forward(Expr x, [Input("t")] Expr gate, [Param("d")] Expr gamma, double eps = 1e-6)
        => gamma * x * Rsqrt(Mean(x * x, "d") + eps) * Sigmoid(gate);
}

/// <summary>
/// A conditioning input inside the statistics: each sample's features are modulated before they are normalized, so
/// the gradient of m collects the row statistics' terms too.
/// </summary>
[NormLayer("n t d")]
public sealed partial class ModulatedLayerNorm
{
    [Formula]
    static Expr Forward(Expr x, [Input("n d")] Expr m, double eps = 1e-5)
    {
        var u = x * m;
        return (u - Mean(u, "d")) * Rsqrt(Var(u, "d") + eps);
    }
}

/// <summary>Batch statistics over n with a per-sample weight: the input varies over the reduced axis and nothing else.</summary>
[NormLayer("n c")]
public sealed partial class PerSampleGainBatchNorm
{
    [Formula]
    static Expr Forward(Expr x, [Input("n")] Expr w, [Param("c", Init = 0)] Expr beta, double eps = 1e-5)
        => w * (x - Mean(x, "n")) * Rsqrt(Var(x, "n") + eps) + beta;
}

/// <summary>[Input] over the whole layout: the same as a plain input.</summary>
[NormLayer("n d")]
public sealed partial class FullLayoutInputAdd
{
    [Formula]
    static Expr Forward(Expr x, [Input("n d")] Expr residual, double eps = 1e-6)
    {
        var h = x + residual;
        return h * Rsqrt(Mean(h * h, "d") + eps);
    }
}

/// <summary>
/// adaLN with the feature count fixed at compile time, and a conditioning input the formula never reads: the
/// unrolled kernels sum dshift and dscale like the general ones, and the unused input's gradient is written as zeros.
/// </summary>
[NormLayer("n t d", Specialize = "d=48")]
public sealed partial class SpecializedAdaLN
{
    [Formula]
    static Expr Forward(Expr x, [Input("n d")] Expr shift, [Input("t")] Expr unused, [Input("n d")] Expr scale, double eps = 1e-6)
        => (x - Mean(x, "d")) * Rsqrt(Var(x, "d") + eps) * (1 + scale) + shift;
}

/// <summary>GroupNorm modulated per sample and channel: a conditioning input over grouped axes ("n g c" of "n (g c) h w").</summary>
[NormLayer("n (g c) h w")]
public sealed partial class ConditionedGroupNorm
{
    [Formula]
    static Expr Forward(Expr x, [Input("n g c")] Expr scale, [Param("g c", Init = 0)] Expr beta, double eps = 1e-5)
        => scale * (x - Mean(x, "c h w")) * Rsqrt(Var(x, "c h w") + eps) + beta;
}

/// <summary>
/// BatchNorm with running statistics and a per-sample weight: the conditioning input's gradient is written in the
/// training and in the eval backward, each its own kernel.
/// </summary>
[NormLayer("n c")]
public sealed partial class RunningSampleWeightedNorm
{
    [Formula]
    static Expr Forward(Expr x, [Input("n")] Expr w, double eps = 1e-5, double momentum = 0.1)
    {
        var mean = Running(Mean(x, "n"), momentum);
        var variance = Running(Var(x, "n"), momentum);
        return w * (x - mean) * Rsqrt(variance + eps);
    }
}
