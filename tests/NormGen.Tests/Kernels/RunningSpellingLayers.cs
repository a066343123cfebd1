using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

/// <summary>BatchNorm1d with its statistics held by locals and a biased Running variance: its buffer still starts at 1.</summary>
[NormLayer("n c")]
public sealed partial class LocalRunningBatchNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("c")] Expr gamma, [Param("c", Init = 0)] Expr beta, double eps = 1e-5, double momentum = 0.1)
    {
        var m = Mean(x, "n");
        var v = Var(x, "n");
        var mean = Running(m, momentum);
        var variance = Running(v, momentum);
        return gamma * (x - mean) * Rsqrt(variance + eps) + beta;
    }
}

/// <summary>The same with PyTorch's unbiased running variance, over a local (was NG0011 in the IR).</summary>
[NormLayer("n c")]
public sealed partial class LocalUnbiasedBatchNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("c")] Expr gamma, [Param("c", Init = 0)] Expr beta, double eps = 1e-5, double momentum = 0.1)
    {
        var m = Mean(x, "n");
        var v = Var(x, "n");
        var mean = Running(m, momentum);
        var variance = Running(v, momentum, unbiased: true);
        return gamma * (x - mean) * Rsqrt(variance + eps) + beta;
    }
}

/// <summary>The generated kernels of the layers above, behind <see cref="LayerKernels"/>.</summary>
public static class RunningSpellingKernels
{
    public static readonly LayerKernels LocalRunningBatchNorm = new(typeof(LocalRunningBatchNorm));

    public static readonly LayerKernels LocalUnbiasedBatchNorm = new(typeof(LocalUnbiasedBatchNorm));
}
