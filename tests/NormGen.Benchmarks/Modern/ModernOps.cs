using NormGen.Benchmarks.Baselines;
using NormGen.Benchmarks.Infrastructure;
using static NormGen.Benchmarks.Modern.TorchTensors;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace NormGen.Benchmarks.Modern;

/// <summary>
/// The modern baselines of each layer: LibTorch 2.10 eager ops (the functional calls a PyTorch user makes; backward =
/// autograd.grad over the graph of that call) and ONNX Runtime one-node models (forward only: ONNX Runtime has no
/// backward). Built once per benchmark instance, on the benchmark's buffers.
/// </summary>
public static class ModernOps
{
    // LayerNorm: F.layer_norm; ONNX LayerNormalization (opset 17), which also writes mean and rstd.

    public static TorchForward TorchLayerNorm(RowShape s, NativeBuffer x, NativeBuffer gamma, NativeBuffer beta, float eps)
        => new([From(x, false, s.Rows, s.Features), From(gamma, false, s.Features), From(beta, false, s.Features)],
            t => F.layer_norm(t[0], [s.Features], t[1], t[2], eps));

    public static TorchBackward TorchLayerNormBackward(RowShape s, NativeBuffer dy, NativeBuffer x, NativeBuffer gamma, NativeBuffer beta, float eps)
    {
        Tensor[] inputs = [From(x, true, s.Rows, s.Features), From(gamma, true, s.Features), From(beta, true, s.Features)];
        return new(inputs, inputs, t => F.layer_norm(t[0], [s.Features], t[1], t[2], eps), From(dy, false, s.Rows, s.Features));
    }

    public static OrtGraph OrtLayerNorm(RowShape s, NativeBuffer x, NativeBuffer gamma, NativeBuffer beta,
        NativeBuffer y, NativeBuffer mean, NativeBuffer rstd, float eps)
        => new([new("LayerNormalization", ["x", "gamma", "beta"], ["y", "mean", "rstd"]) { Attributes = [("axis", -1L), ("epsilon", eps)] }],
            [("x", x, [s.Rows, s.Features]), ("gamma", gamma, [s.Features]), ("beta", beta, [s.Features])],
            [("y", y, [s.Rows, s.Features]), ("mean", mean, [s.Rows, 1]), ("rstd", rstd, [s.Rows, 1])],
            [("", 17)]);

    // RMSNorm: TorchSharp 0.107 has no rms_norm, so the module's composition x * rsqrt(mean(x^2) + eps) * gamma;
    // ONNX RMSNormalization (opset 23), and com.microsoft SkipSimplifiedLayerNormalization (the fused add + RMSNorm).

    private static Tensor RmsNorm(Tensor x, Tensor gamma, float eps)
        => x * (x.pow(2).mean([-1], keepdim: true) + eps).rsqrt() * gamma;

    public static TorchForward TorchRmsNorm(RowShape s, NativeBuffer x, NativeBuffer gamma, float eps)
        => new([From(x, false, s.Rows, s.Features), From(gamma, false, s.Features)], t => RmsNorm(t[0], t[1], eps));

    public static TorchBackward TorchRmsNormBackward(RowShape s, NativeBuffer dy, NativeBuffer x, NativeBuffer gamma, float eps)
    {
        Tensor[] inputs = [From(x, true, s.Rows, s.Features), From(gamma, true, s.Features)];
        return new(inputs, inputs, t => RmsNorm(t[0], t[1], eps), From(dy, false, s.Rows, s.Features));
    }

    public static OrtGraph OrtRmsNorm(RowShape s, NativeBuffer x, NativeBuffer gamma, NativeBuffer y, float eps)
        => new([new("RMSNormalization", ["x", "gamma"], ["y"]) { Attributes = [("axis", -1L), ("epsilon", eps)] }],
            [("x", x, [s.Rows, s.Features]), ("gamma", gamma, [s.Features])],
            [("y", y, [s.Rows, s.Features])],
            [("", 23)]);

    /// <summary>y = RMSNorm(x + skip) * gamma in one com.microsoft kernel; inv_std_var goes to <paramref name="rstd"/>.</summary>
    public static OrtGraph OrtSkipRmsNorm(RowShape s, NativeBuffer x, NativeBuffer skip, NativeBuffer gamma, NativeBuffer y, NativeBuffer rstd, float eps)
        => new([new("SkipSimplifiedLayerNormalization", ["x", "skip", "gamma"], ["y", "", "rstd"], "com.microsoft") { Attributes = [("epsilon", eps)] }],
            [("x", x, [s.Rows, s.Features]), ("skip", skip, [s.Rows, s.Features]), ("gamma", gamma, [s.Features])],
            [("y", y, [s.Rows, s.Features]), ("rstd", rstd, [s.Rows, 1])],
            [("", 17), ("com.microsoft", 1)]);

    // DyT: gamma * tanh(alpha * x) + beta as the DyT module writes it (alpha a constant here, like the generated layer's).

    private static Tensor DyT(Tensor x, Tensor gamma, Tensor beta, float alpha) => gamma * (x * alpha).tanh() + beta;

    public static TorchForward TorchDyT(RowShape s, NativeBuffer x, NativeBuffer gamma, NativeBuffer beta, float alpha)
        => new([From(x, false, s.Rows, s.Features), From(gamma, false, s.Features), From(beta, false, s.Features)],
            t => DyT(t[0], t[1], t[2], alpha));

    public static TorchBackward TorchDyTBackward(RowShape s, NativeBuffer dy, NativeBuffer x, NativeBuffer gamma, NativeBuffer beta, float alpha)
    {
        Tensor[] inputs = [From(x, true, s.Rows, s.Features), From(gamma, true, s.Features), From(beta, true, s.Features)];
        return new(inputs, inputs, t => DyT(t[0], t[1], t[2], alpha), From(dy, false, s.Rows, s.Features));
    }

    // Fused add + RMSNorm (issue 13's tuple outputs): h = x + residual, y = RMSNorm(h) * gamma; both returned. The backward
    // is autograd.grad of (y, h) with (dy, dh) with respect to x, residual and gamma.

    private static Tensor[] AddRmsNorm(Tensor x, Tensor residual, Tensor gamma, float eps)
    {
        var h = x + residual;
        return [RmsNorm(h, gamma, eps), h];
    }

    public static TorchForward TorchAddRmsNorm(RowShape s, NativeBuffer x, NativeBuffer residual, NativeBuffer gamma, float eps)
        => new([From(x, false, s.Rows, s.Features), From(residual, false, s.Rows, s.Features), From(gamma, false, s.Features)],
            t => AddRmsNorm(t[0], t[1], t[2], eps));

    public static TorchBackward TorchAddRmsNormBackward(RowShape s, NativeBuffer dy, NativeBuffer dh, NativeBuffer x, NativeBuffer residual,
        NativeBuffer gamma, float eps)
    {
        Tensor[] inputs = [From(x, true, s.Rows, s.Features), From(residual, true, s.Rows, s.Features), From(gamma, true, s.Features)];
        return new(inputs, inputs, t => AddRmsNorm(t[0], t[1], t[2], eps), [From(dy, false, s.Rows, s.Features), From(dh, false, s.Rows, s.Features)]);
    }

    // BatchNorm2d, training: F.batch_norm (channels_last strided tensors for NHWC, as PyTorch runs channels_last models);
    // ONNX BatchNormalization with training_mode = 1 (NHWC between two Transposes, the graph an NHWC model gets).

    private static long[] Dims(ImageLayout layout, ImageShape s)
        => layout == ImageLayout.Nchw ? [s.N, s.C, s.H, s.W] : [s.N, s.H, s.W, s.C];

    /// <summary>NCHW view of the buffer-ordered tensor (a channels_last view for NHWC) and back.</summary>
    private static Tensor ToNchw(ImageLayout layout, Tensor t) => layout == ImageLayout.Nchw ? t : t.permute(0, 3, 1, 2);

    private static Tensor FromNchw(ImageLayout layout, Tensor t) => layout == ImageLayout.Nchw ? t : t.permute(0, 2, 3, 1);

    public static TorchForward TorchBatchNorm(ImageLayout layout, ImageShape s, NativeBuffer x, NativeBuffer gamma, NativeBuffer beta,
        NativeBuffer runningMean, NativeBuffer runningVar, float eps, float momentum)
    {
        var (mean, variance) = (From(runningMean, false, s.C), From(runningVar, false, s.C));
        return new([From(x, false, Dims(layout, s)), From(gamma, false, s.C), From(beta, false, s.C)],
            t => FromNchw(layout, F.batch_norm(ToNchw(layout, t[0]), mean, variance, t[1], t[2], training: true, momentum, eps)),
            (mean, runningMean), (variance, runningVar));
    }

    public static TorchBackward TorchBatchNormBackward(ImageLayout layout, ImageShape s, NativeBuffer dy, NativeBuffer x, NativeBuffer gamma,
        NativeBuffer beta, float eps, float momentum)
    {
        Tensor[] inputs = [From(x, true, Dims(layout, s)), From(gamma, true, s.C), From(beta, true, s.C)];
        return new(inputs, inputs,
            t => FromNchw(layout, F.batch_norm(ToNchw(layout, t[0]), null, null, t[1], t[2], training: true, momentum, eps)),
            From(dy, false, Dims(layout, s)));
    }

    public static OrtGraph OrtBatchNorm(ImageLayout layout, ImageShape s, NativeBuffer x, NativeBuffer gamma, NativeBuffer beta,
        NativeBuffer runningMean, NativeBuffer runningVar, NativeBuffer y, NativeBuffer newMean, NativeBuffer newVar, float eps, float momentum)
    {
        // ONNX's momentum weighs the running value (PyTorch's weighs the batch statistic). Training mode must output the new
        // running buffers: they go to newMean / newVar (ONNX has no in-place outputs), which are not compared: ONNX updates
        // running_var with the biased variance where PyTorch (and the other rows) use the unbiased one.
        var batchNorm = new OnnxNode("BatchNormalization", [layout == ImageLayout.Nchw ? "x" : "x_nchw", "gamma", "beta", "mean", "var"],
            [layout == ImageLayout.Nchw ? "y" : "y_nchw", "new_mean", "new_var"]) { Attributes = [("epsilon", eps), ("momentum", 1f - momentum), ("training_mode", 1L)] };
        OnnxNode[] nodes = layout == ImageLayout.Nchw ? [batchNorm] :
        [
            new("Transpose", ["x"], ["x_nchw"]) { Attributes = [("perm", new[] { 0L, 3, 1, 2 })] },
            batchNorm,
            new("Transpose", ["y_nchw"], ["y"]) { Attributes = [("perm", new[] { 0L, 2, 3, 1 })] },
        ];
        return new(nodes,
            [("x", x, Dims(layout, s)), ("gamma", gamma, [s.C]), ("beta", beta, [s.C]), ("mean", runningMean, [s.C]), ("var", runningVar, [s.C])],
            [("y", y, Dims(layout, s)), ("new_mean", newMean, [s.C]), ("new_var", newVar, [s.C])],
            [("", 15)]);
    }

    // GroupNorm: F.group_norm (ONNX Runtime's GroupNormalization has no CPU kernel).

    public static TorchForward TorchGroupNorm(ImageShape s, int groups, NativeBuffer x, NativeBuffer gamma, NativeBuffer beta, float eps)
        => new([From(x, false, s.N, s.C, s.H, s.W), From(gamma, false, s.C), From(beta, false, s.C)],
            t => F.group_norm(t[0], groups, t[1], t[2], eps));

    public static TorchBackward TorchGroupNormBackward(ImageShape s, int groups, NativeBuffer dy, NativeBuffer x, NativeBuffer gamma, NativeBuffer beta, float eps)
    {
        Tensor[] inputs = [From(x, true, s.N, s.C, s.H, s.W), From(gamma, true, s.C), From(beta, true, s.C)];
        return new(inputs, inputs, t => F.group_norm(t[0], groups, t[1], t[2], eps), From(dy, false, s.N, s.C, s.H, s.W));
    }

    // InstanceNorm: F.instance_norm with the input's statistics; ONNX InstanceNormalization (opset 6).

    public static TorchForward TorchInstanceNorm(ImageShape s, NativeBuffer x, NativeBuffer gamma, NativeBuffer beta, float eps)
        => new([From(x, false, s.N, s.C, s.H, s.W), From(gamma, false, s.C), From(beta, false, s.C)],
            t => F.instance_norm(t[0], null, null, t[1], t[2], use_input_stats: true, 0.1, eps));

    public static TorchBackward TorchInstanceNormBackward(ImageShape s, NativeBuffer dy, NativeBuffer x, NativeBuffer gamma, NativeBuffer beta, float eps)
    {
        Tensor[] inputs = [From(x, true, s.N, s.C, s.H, s.W), From(gamma, true, s.C), From(beta, true, s.C)];
        return new(inputs, inputs, t => F.instance_norm(t[0], null, null, t[1], t[2], use_input_stats: true, 0.1, eps),
            From(dy, false, s.N, s.C, s.H, s.W));
    }

    public static OrtGraph OrtInstanceNorm(ImageShape s, NativeBuffer x, NativeBuffer gamma, NativeBuffer beta, NativeBuffer y, float eps)
        => new([new("InstanceNormalization", ["x", "gamma", "beta"], ["y"]) { Attributes = [("epsilon", eps)] }],
            [("x", x, [s.N, s.C, s.H, s.W]), ("gamma", gamma, [s.C]), ("beta", beta, [s.C])],
            [("y", y, [s.N, s.C, s.H, s.W])],
            [("", 6)]);
}
