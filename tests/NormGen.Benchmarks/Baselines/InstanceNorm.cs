namespace NormGen.Benchmarks.Baselines;

/// <summary>
/// InstanceNorm (affine), NCHW: statistics per (sample, channel) over (H, W); gamma, beta per channel.
/// It is GroupNorm with one channel per group, so every flavour runs the GroupNorm kernels with
/// groups = C (the loops are the same ones a dedicated kernel would run). mean, rstd: [n, c].
/// </summary>
public static class InstanceNormNaive
{
    public static void Forward(int n, int c, int hw, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> y, Span<float> mean, Span<float> rstd, float eps)
        => GroupNormNaive.Forward(n, c, hw, c, x, gamma, beta, y, mean, rstd, eps);

    public static void Backward(int n, int c, int hw, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, Span<float> dx, Span<float> dgamma, Span<float> dbeta)
        => GroupNormNaive.Backward(n, c, hw, c, dy, x, gamma, mean, rstd, dx, dgamma, dbeta);
}

/// <inheritdoc cref="InstanceNormNaive"/>
public static class InstanceNormSimd
{
    public static void Forward(int n, int c, int hw, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> y, Span<float> mean, Span<float> rstd, float eps)
        => GroupNormSimd.Forward(n, c, hw, c, x, gamma, beta, y, mean, rstd, eps);

    public static void Backward(int n, int c, int hw, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, Span<float> dx, Span<float> dgamma, Span<float> dbeta)
        => GroupNormSimd.Backward(n, c, hw, c, dy, x, gamma, mean, rstd, dx, dgamma, dbeta);
}

/// <inheritdoc cref="InstanceNormNaive"/>
public static class InstanceNormTensorPrimitives
{
    public static void Forward(int n, int c, int hw, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> y, Span<float> mean, Span<float> rstd, float eps)
        => GroupNormTensorPrimitives.Forward(n, c, hw, c, x, gamma, beta, y, mean, rstd, eps);

    public static void Backward(int n, int c, int hw, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, Span<float> dx, Span<float> dgamma, Span<float> dbeta)
        => GroupNormTensorPrimitives.Backward(n, c, hw, c, dy, x, gamma, mean, rstd, dx, dgamma, dbeta);
}
