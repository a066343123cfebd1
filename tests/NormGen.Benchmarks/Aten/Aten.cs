using NormGen.Benchmarks.Baselines;
using NormGen.Benchmarks.Infrastructure;

namespace NormGen.Benchmarks.Aten;

/// <summary>
/// The ATen baseline with the same shape as the C# baselines (buffers in, buffers out). Each call goes
/// through the shim to the ATen operator named in native/shim.cpp; failures throw with ATen's message.
/// </summary>
public static unsafe class AtenOps
{
    public static void LayerNormForward(int rows, int features, NativeBuffer x, NativeBuffer gamma, NativeBuffer beta,
        NativeBuffer y, NativeBuffer mean, NativeBuffer rstd, float eps)
        => AtenShim.Ok(AtenShim.ng_layer_norm_forward(x.Pointer, gamma.Pointer, beta.Pointer, y.Pointer, mean.Pointer, rstd.Pointer,
            rows, features, eps));

    public static void LayerNormBackward(int rows, int features, NativeBuffer dy, NativeBuffer x, NativeBuffer gamma,
        NativeBuffer mean, NativeBuffer rstd, NativeBuffer dx, NativeBuffer dgamma, NativeBuffer dbeta)
        => AtenShim.Ok(AtenShim.ng_layer_norm_backward(dy.Pointer, x.Pointer, gamma.Pointer, mean.Pointer, rstd.Pointer,
            dx.Pointer, dgamma.Pointer, dbeta.Pointer, rows, features));

    /// <summary>ATen's LayerNorm CPU kernel called directly (at::native::LayerNormKernel), writing into the caller's buffers.</summary>
    public static void LayerNormForwardKernel(int rows, int features, NativeBuffer x, NativeBuffer gamma, NativeBuffer beta,
        NativeBuffer y, NativeBuffer mean, NativeBuffer rstd, float eps)
        => AtenShim.Ok(AtenShim.ng_layer_norm_forward_kernel(x.Pointer, gamma.Pointer, beta.Pointer, y.Pointer, mean.Pointer, rstd.Pointer,
            rows, features, eps));

    /// <summary>at::native::LayerNormBackwardKernel called directly; dgamma/dbeta accumulated from the shim's scratch.</summary>
    public static void LayerNormBackwardKernel(int rows, int features, NativeBuffer dy, NativeBuffer x, NativeBuffer gamma,
        NativeBuffer mean, NativeBuffer rstd, NativeBuffer dx, NativeBuffer dgamma, NativeBuffer dbeta)
        => AtenShim.Ok(AtenShim.ng_layer_norm_backward_kernel(dy.Pointer, x.Pointer, gamma.Pointer, mean.Pointer, rstd.Pointer,
            dx.Pointer, dgamma.Pointer, dbeta.Pointer, rows, features));

    public static void RmsNormForward(int rows, int features, NativeBuffer x, NativeBuffer gamma, NativeBuffer y, NativeBuffer rstd, float eps)
        => AtenShim.Ok(AtenShim.ng_rms_norm_forward(x.Pointer, gamma.Pointer, y.Pointer, rstd.Pointer, rows, features, eps));

    public static void RmsNormBackward(int rows, int features, NativeBuffer dy, NativeBuffer x, NativeBuffer gamma, NativeBuffer rstd,
        NativeBuffer dx, NativeBuffer dgamma)
        => AtenShim.Ok(AtenShim.ng_rms_norm_backward(dy.Pointer, x.Pointer, gamma.Pointer, rstd.Pointer, dx.Pointer, dgamma.Pointer,
            rows, features));

    public static void BatchNormForward(ImageLayout layout, ImageShape s, NativeBuffer x, NativeBuffer gamma, NativeBuffer beta,
        NativeBuffer runningMean, NativeBuffer runningVar, NativeBuffer y, NativeBuffer saveMean, NativeBuffer saveInvstd,
        float eps, float momentum)
        => AtenShim.Ok(AtenShim.ng_batch_norm_forward(x.Pointer, gamma.Pointer, beta.Pointer, runningMean.Pointer, runningVar.Pointer,
            y.Pointer, saveMean.Pointer, saveInvstd.Pointer, s.N, s.C, s.H, s.W, layout == ImageLayout.Nhwc ? 1 : 0, momentum, eps));

    public static void BatchNormBackward(ImageLayout layout, ImageShape s, NativeBuffer dy, NativeBuffer x, NativeBuffer gamma,
        NativeBuffer saveMean, NativeBuffer saveInvstd, NativeBuffer dx, NativeBuffer dgamma, NativeBuffer dbeta, float eps)
        => AtenShim.Ok(AtenShim.ng_batch_norm_backward(dy.Pointer, x.Pointer, gamma.Pointer, saveMean.Pointer, saveInvstd.Pointer,
            dx.Pointer, dgamma.Pointer, dbeta.Pointer, s.N, s.C, s.H, s.W, layout == ImageLayout.Nhwc ? 1 : 0, eps));

    public static void GroupNormForward(ImageShape s, int groups, NativeBuffer x, NativeBuffer gamma, NativeBuffer beta,
        NativeBuffer y, NativeBuffer mean, NativeBuffer rstd, float eps)
        => AtenShim.Ok(AtenShim.ng_group_norm_forward(x.Pointer, gamma.Pointer, beta.Pointer, y.Pointer, mean.Pointer, rstd.Pointer,
            s.N, s.C, s.HW, groups, eps));

    public static void GroupNormBackward(ImageShape s, int groups, NativeBuffer dy, NativeBuffer x, NativeBuffer gamma,
        NativeBuffer mean, NativeBuffer rstd, NativeBuffer dx, NativeBuffer dgamma, NativeBuffer dbeta)
        => AtenShim.Ok(AtenShim.ng_group_norm_backward(dy.Pointer, x.Pointer, gamma.Pointer, mean.Pointer, rstd.Pointer,
            dx.Pointer, dgamma.Pointer, dbeta.Pointer, s.N, s.C, s.HW, groups));

    public static void InstanceNormForward(ImageShape s, NativeBuffer x, NativeBuffer gamma, NativeBuffer beta,
        NativeBuffer y, NativeBuffer mean, NativeBuffer rstd, float eps)
        => AtenShim.Ok(AtenShim.ng_instance_norm_forward(x.Pointer, gamma.Pointer, beta.Pointer, y.Pointer, mean.Pointer, rstd.Pointer,
            s.N, s.C, s.HW, eps));

    public static void InstanceNormBackward(ImageShape s, NativeBuffer dy, NativeBuffer x, NativeBuffer gamma,
        NativeBuffer mean, NativeBuffer rstd, NativeBuffer dx, NativeBuffer dgamma, NativeBuffer dbeta, float eps)
        => AtenShim.Ok(AtenShim.ng_instance_norm_backward(dy.Pointer, x.Pointer, gamma.Pointer, mean.Pointer, rstd.Pointer,
            dx.Pointer, dgamma.Pointer, dbeta.Pointer, s.N, s.C, s.HW, eps));
}
