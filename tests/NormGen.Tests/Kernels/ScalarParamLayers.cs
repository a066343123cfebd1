using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

// Layers with learned scalars: [Param] without axes is a one-element parameter whose gradient sums over everything
// (docs/language.md). Written as a user would; ScalarParamKernels.cs binds their kernels for the tests.

/// <summary>DyT ("Transformers without Normalization", 2025) with its learned scalar alpha: one formula.</summary>
[NormLayer("n d")]
public sealed partial class DyT
{
    [Formula]
    static Expr Forward(Expr x, [Param(Init = 0.5)] Expr alpha, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta)
        => gamma * Tanh(alpha * x) + beta;
}

/// <summary>DyT with feature counts fixed at compile time: the scalar in unrolled, tail-free kernels.</summary>
[NormLayer("n d", Specialize = "d=48; d=64")]
public sealed partial class SpecializedDyT
{
    [Formula]
    static Expr Forward(Expr x, [Param(Init = 0.5)] Expr alpha, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta)
        => gamma * Tanh(alpha * x) + beta;
}

/// <summary>
/// Log-softmax at a learned temperature (bare [Param], Init 1): the scalar inside a reduction (Max, Sum of Exp) and
/// outside it, so its gradient collects terms from the row statistics and from every element.
/// </summary>
[NormLayer("n d")]
public sealed partial class TemperatureLogSoftmax
{
    [Formula]
    static Expr Forward(Expr x, [Param] Expr temperature)
    {
        var z = x / temperature;
        var shifted = z - Max(z, "d");
        return shifted - Log(Sum(Exp(shifted), "d"));
    }
}

/// <summary>LayerNorm whose per-feature gain is scaled by one learned scalar: two scalars next to per-feature parameters.</summary>
[NormLayer("n d")]
public sealed partial class ScalarScaledLayerNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param(Init = 2)] Expr scale, [Param("d")] Expr gamma, [Param(Init = 0)] Expr shift, double eps = 1e-5)
        => scale * gamma * (x - Mean(x, "d")) * Rsqrt(Var(x, "d") + eps) + shift;
}

/// <summary>
/// Channels-last batch statistics with a learned scalar scale: no outer loop, so the scalar's gradient is a sum over
/// every element taken in the kernel's vertical per-channel passes rather than per row.
/// </summary>
[NormLayer("n h w c")]
public sealed partial class ChannelsLastScaledNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param] Expr scale, [Param("c", Init = 0)] Expr beta, double eps = 1e-5)
        => scale * (x - Mean(x, "n h w")) * Rsqrt(Var(x, "n h w") + eps) + beta;
}

/// <summary>
/// Two learned scalars whose gradients share one sum over everything (dt and du both scale Sum(x * dy * (1 - y^2))):
/// the sum is computed once in the loop over rows and each gradient finished after it.
/// </summary>
[NormLayer("n d")]
public sealed partial class TwoScalarTanh
{
    [Formula]
    static Expr Forward(Expr x, [Param] Expr t, [Param(Init = 2)] Expr u) => Tanh(x / (t * u));
}
