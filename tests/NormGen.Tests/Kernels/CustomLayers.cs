using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

// Formulas nobody compiled before these tests, written as a user would (docs/language.md). The generator compiles
// them with this project; the tests hold its kernels to the reference interpreter and to finite differences.

/// <summary>ScaleNorm (Nguyen and Salazar, 2019) with a gain per feature: the row's L2 norm scaled away.</summary>
[NormLayer("n d")]
public sealed partial class ScaleNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr g) => g * x * Rsqrt(Sum(x * x, "d"));
}

/// <summary>Log-softmax with a learned temperature per feature and a gated residual: Exp, Log, Max, Tanh, Sigmoid.</summary>
[NormLayer("n d")]
public sealed partial class GatedLogSoftmax
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr t)
    {
        var z = x * t;
        var shifted = z - Max(z, "d");
        return shifted - Log(Sum(Exp(shifted), "d")) + Tanh(x) * Sigmoid(z);
    }
}

/// <summary>Abs, Pow(e, 1.5), Maximum, Minimum and the Max and Min reductions in one row-wise formula.</summary>
[NormLayer("n d")]
public sealed partial class RangeNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr lo, [Param("d")] Expr hi, double eps = 1e-3)
        => (Minimum(Maximum(x, lo), hi) - Min(x, "d")) / (Max(x, "d") - Min(x, "d") + eps)
           + Pow(Abs(x) + 1, 1.5) * Mean(Abs(x), "d");
}

/// <summary>RMSNorm of x + residual, fused: two inputs, both differentiated.</summary>
[NormLayer("n d")]
public sealed partial class FusedAddRmsNorm
{
    [Formula]
    static Expr Forward(Expr x, Expr residual, [Param("d")] Expr gamma, double eps = 1e-6)
    {
        var h = x + residual;
        return h * Rsqrt(Mean(Square(h), "d") + eps) * gamma;
    }
}

/// <summary>A block body whose locals are reused: a LayerNorm with a sigmoid-gated shift and a rescaled eps.</summary>
[NormLayer("n d")]
public sealed partial class GatedLayerNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta, double eps = 1e-5, double scale = 2.0)
    {
        var mu = Mean(x, "d");
        var centered = x - mu;
        var power = Mean(Square(centered), "d");
        var inv = Rsqrt(power + eps * scale);
        var normalized = centered * inv;
        var gate = Sigmoid(normalized * scale);
        return gamma * normalized * gate + beta * (1 - gate);
    }
}

/// <summary>GroupNorm over a sequence: channels split into groups, statistics over (channels of the group, time).</summary>
[NormLayer("n (g c) t")]
public sealed partial class SequenceGroupNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("g c")] Expr gamma, [Param("g c", Init = 0)] Expr beta, double eps = 1e-5)
        => gamma * (x - Mean(x, "c t")) * Rsqrt(Var(x, "c t") + eps) + beta;
}

/// <summary>BatchNorm1d's training formula without Running: reductions over the leading (outer) axis.</summary>
[NormLayer("n c")]
public sealed partial class BatchStatNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("c")] Expr gamma, [Param("c", Init = 0)] Expr beta, double eps = 1e-5)
        => gamma * (x - Mean(x, "n")) * Rsqrt(Var(x, "n") + eps) + beta;
}

/// <summary>BatchNorm over channels-last (NHWC) memory: reductions over every axis but the innermost, contiguous one.</summary>
[NormLayer("n h w c")]
public sealed partial class ChannelsLastBatchNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("c")] Expr gamma, [Param("c", Init = 0)] Expr beta, double eps = 1e-5)
        => gamma * (x - Mean(x, "n h w")) * Rsqrt(Var(x, "n h w") + eps) + beta;
}

/// <summary>
/// A per-(channel, feature) scale over two axes, normalizing over the inner one only, and a bias over the same two
/// axes stored transposed (feature-major), which the kernels must index as written.
/// </summary>
[NormLayer("n c d")]
public sealed partial class TwoAxisAffineNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("c d")] Expr scale, [Param("d c", Init = 0)] Expr bias, double eps = 1e-5)
        => scale * (x - Mean(x, "d")) * Rsqrt(Var(x, "d") + eps) + bias;
}

/// <summary>A row-wise log-sum-exp: the output drops the reduced axis.</summary>
[NormLayer("n d", Output = "n")]
public sealed partial class LogSumExp
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr w) => Log(Sum(Exp(x * w), "d"));
}

/// <summary>
/// LayerNorm with feature counts fixed at compile time (docs/api.md, Specialize: unrolled, tail-free kernels with a runtime dispatch):
/// 768 takes up to 16 copies of each loop body per iteration; 64 and 48 (4 and 3 blocks of 16) keep the 4-vector loop.
/// </summary>
[NormLayer("n d", Specialize = "d=64; d=48; d=768")]
public sealed partial class SpecializedLayerNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta, double eps = 1e-5)
        => gamma * (x - Mean(x, "d")) * Rsqrt(Var(x, "d") + eps) + beta;
}

/// <summary>LayerNorm written with a division by the standard deviation, as many papers and user codes spell it.</summary>
[NormLayer("n d")]
public sealed partial class DividedLayerNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, [Param("d")] Expr beta, double eps = 1e-5)
        => (x - Mean(x, "d")) / Sqrt(Var(x, "d") + eps) * gamma + beta;
}
