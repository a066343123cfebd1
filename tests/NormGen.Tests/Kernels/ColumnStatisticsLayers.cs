using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

// Layers whose output lacks the axes their statistics reduce (Output drops the layout's first axis), found by the
// fuzzer after issue 9's first fix. Without the mean they need first, the one-sweep shifted sums can accumulate
// across an outer loop over the reduced axis (column sums), so the kernel gains that loop only after the rewrite;
// the pivot (x at index 0 of the reduced axes) was then computed inside the loop, at every index, so x - pivot = 0:
// a variance of 0 (and inf where it divides).

/// <summary>The variance of each column (the fuzzer's <c>Var(scale, "t")</c> on "t c", Output "c": was 0).</summary>
[NormLayer("t c", Output = "c")]
public sealed partial class ColumnVariance
{
    [Formula]
    static Expr Forward(Expr x) => Var(x, "t");
}

/// <summary>A statistic times a total over more axes, the first of them size 1 (was 0 for t = f = 1).</summary>
[NormLayer("t n f", Output = "t f")]
public sealed partial class VarianceTimesTotal
{
    [Formula]
    static Expr Forward(Expr q) => Var(q, "n") * Sum(q, "n t");
}

/// <summary>A total divided by a variance over an inner axis (was inf).</summary>
[NormLayer("g w h", Output = "g h")]
public sealed partial class TotalOverVariance
{
    [Formula]
    static Expr Forward(Expr x) => Sum(x, "g w") / Var(x, "w");
}

/// <summary>Statistics over a parameter and an input side by side, both across the rows.</summary>
[NormLayer("t c", Output = "c")]
public sealed partial class ParameterColumnStatistics
{
    [Formula]
    static Expr Forward(Expr x, [Param("t c")] Expr w, double eps = 1e-5)
        => (Mean(x, "t") - Mean(w, "t")) * Rsqrt(Var(w, "t") + eps);
}

/// <summary>Channels-last statistics over two axes, output per channel: the outer loop takes both reduced axes.</summary>
[NormLayer("n h c", Output = "c")]
public sealed partial class ChannelStatistics
{
    [Formula]
    static Expr Forward(Expr x, double eps = 1e-5) => Mean(x, "n h") * Rsqrt(Var(x, "n h") + eps);
}

/// <summary>A running variance of each column: the batch statistic in training, the buffer in eval.</summary>
[NormLayer("t c", Output = "c")]
public sealed partial class RunningColumnVariance
{
    [Formula]
    static Expr Forward(Expr x, double momentum = 0.1) => Running(Var(x, "t"), momentum, unbiased: true);
}

/// <summary>The generated kernels of the layers above, behind <see cref="LayerKernels"/>.</summary>
public static class ColumnStatisticsKernels
{
    public static readonly LayerKernels ColumnVariance = new(typeof(ColumnVariance));

    public static readonly LayerKernels VarianceTimesTotal = new(typeof(VarianceTimesTotal));

    public static readonly LayerKernels TotalOverVariance = new(typeof(TotalOverVariance));

    public static readonly LayerKernels ParameterColumnStatistics = new(typeof(ParameterColumnStatistics));

    public static readonly LayerKernels ChannelStatistics = new(typeof(ChannelStatistics));

    public static readonly LayerKernels RunningColumnVariance = new(typeof(RunningColumnVariance));
}
