using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

// Statistics over the leading memory axes that the scheduler runs in stages (Passes/Schedule/Scheduler.Stages.cs):
// formulas no stage code was written for, beside BatchNorm. Each runs against the interpreter in NoOuterLoopTests.

/// <summary>A sequence norm: statistics over the batch and features of each time step (the outer loop takes n t).</summary>
[NormLayer("n t d")]
public sealed partial class BatchFeatureNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("t")] Expr gamma, double eps = 1e-5)
        => gamma * (x - Mean(x, "n d")) * Rsqrt(Var(x, "n d") + eps);
}

/// <summary>Channels-last statistics over two of three outer axes: they keep w and c (the outer loop takes n h w).</summary>
[NormLayer("n h w c")]
public sealed partial class TwoOuterAxesNorm
{
    [Formula]
    static Expr Forward(Expr x, double eps = 1e-5) => (x - Mean(x, "n h")) * Rsqrt(Var(x, "n h") + eps);
}

/// <summary>A user's per-channel centring over NCHW, no variance: one sum across the planes, then the output.</summary>
[NormLayer("n c h w")]
public sealed partial class ChannelCentring
{
    [Formula]
    static Expr Forward(Expr x, [Param("c")] Expr scale) => scale * (x - Mean(x, "n h w"));
}

/// <summary>A per-channel RMS over NCHW that no stage code was written for: a sum of squares across the planes, then the output.</summary>
[NormLayer("n c h w")]
public sealed partial class ChannelRmsNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("c")] Expr gamma, double eps = 1e-5) => gamma * x * Rsqrt(Mean(x * x, "n h w") + eps);
}

/// <summary>A per-channel maximum over NCHW: it does not add up across chunks, so the forward keeps one plan (outer loop over c).</summary>
[NormLayer("n c h w")]
public sealed partial class ChannelPeakShift
{
    [Formula]
    static Expr Forward(Expr x, [Param("c")] Expr scale) => scale * (x - Max(x, "n h w"));
}

/// <summary>A maximum over the batch does not add up across chunks: this kernel keeps one plan.</summary>
[NormLayer("n c d")]
public sealed partial class BatchMaxShift
{
    [Formula]
    static Expr Forward(Expr x) => x - Max(x, "n") + Mean(x, "n d");
}

/// <summary>
/// A per-row maximum saved for the backward beside a sum over the leading axis (the fuzzer, seed 1450): the stage after
/// the sum read the maximum from the outer loop's per-iteration buffer, so every row got the last row's.
/// </summary>
[NormLayer("ab o j", Output = "ab j")]
public sealed partial class SavedMaxBesideLeadingSum
{
    [Formula]
    static Expr Forward(Expr weight) => Max(weight, "o") - Mean(weight, "ab o");
}

/// <summary>The generated kernels of the layers above, behind <see cref="LayerKernels"/>.</summary>
public static class StagedStatisticsKernels
{
    public static readonly LayerKernels BatchFeatureNorm = new(typeof(BatchFeatureNorm));

    public static readonly LayerKernels TwoOuterAxesNorm = new(typeof(TwoOuterAxesNorm));

    public static readonly LayerKernels ChannelCentring = new(typeof(ChannelCentring));

    public static readonly LayerKernels BatchMaxShift = new(typeof(BatchMaxShift));

    public static readonly LayerKernels ChannelRmsNorm = new(typeof(ChannelRmsNorm));

    public static readonly LayerKernels ChannelPeakShift = new(typeof(ChannelPeakShift));

    public static readonly LayerKernels SavedMaxBesideLeadingSum = new(typeof(SavedMaxBesideLeadingSum));
}
