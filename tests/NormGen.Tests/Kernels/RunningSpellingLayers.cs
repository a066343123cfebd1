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
    public static readonly LayerKernels LocalRunningBatchNorm = new(typeof(LocalRunningBatchNorm),
        c =>
        {
            var s = new LocalRunningBatchNorm.Shape(c["n"], c["c"]);
            var saved = new LocalRunningBatchNorm.Saved<double>(s);
            Kernels.LocalRunningBatchNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.R(0), c.R(1), c.Y, saved, c.Training, c.H("eps"), c.H("momentum"));
            return () => Kernels.LocalRunningBatchNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), c.R(0), c.R(1), saved,
                                                                c.D("x"), c.D("gamma"), c.D("beta"), c.Training, c.H("eps"), c.H("momentum"));
        },
        c =>
        {
            var s = new LocalRunningBatchNorm.Shape(c["n"], c["c"]);
            var saved = new LocalRunningBatchNorm.Saved<float>(s);
            Kernels.LocalRunningBatchNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.R(0), c.R(1), c.Y, saved, c.Training, c.H("eps"), c.H("momentum"));
            return () => Kernels.LocalRunningBatchNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), c.R(0), c.R(1), saved,
                                                                c.D("x"), c.D("gamma"), c.D("beta"), c.Training, c.H("eps"), c.H("momentum"));
        });

    public static readonly LayerKernels LocalUnbiasedBatchNorm = new(typeof(LocalUnbiasedBatchNorm),
        c =>
        {
            var s = new LocalUnbiasedBatchNorm.Shape(c["n"], c["c"]);
            var saved = new LocalUnbiasedBatchNorm.Saved<double>(s);
            Kernels.LocalUnbiasedBatchNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.R(0), c.R(1), c.Y, saved, c.Training, c.H("eps"), c.H("momentum"));
            return () => Kernels.LocalUnbiasedBatchNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), c.R(0), c.R(1), saved,
                                                                 c.D("x"), c.D("gamma"), c.D("beta"), c.Training, c.H("eps"), c.H("momentum"));
        },
        c =>
        {
            var s = new LocalUnbiasedBatchNorm.Shape(c["n"], c["c"]);
            var saved = new LocalUnbiasedBatchNorm.Saved<float>(s);
            Kernels.LocalUnbiasedBatchNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.R(0), c.R(1), c.Y, saved, c.Training, c.H("eps"), c.H("momentum"));
            return () => Kernels.LocalUnbiasedBatchNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), c.R(0), c.R(1), saved,
                                                                 c.D("x"), c.D("gamma"), c.D("beta"), c.Training, c.H("eps"), c.H("momentum"));
        });
}
