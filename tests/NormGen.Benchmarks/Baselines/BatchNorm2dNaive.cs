namespace NormGen.Benchmarks.Baselines;

/// <summary>Memory layout of an N x C x H x W image batch.</summary>
public enum ImageLayout
{
    /// <summary>N, C, H, W in memory (PyTorch's default contiguous format).</summary>
    Nchw,
    /// <summary>N, H, W, C in memory (PyTorch's channels_last).</summary>
    Nhwc,
}

/// <summary>
/// BatchNorm2d in training mode, straightforward scalar C#, either layout: statistics per channel over
/// (n, h, w), biased variance (two-pass) for normalization, running buffers updated with the unbiased
/// variance and momentum (PyTorch: running = (1 - momentum) * running + momentum * batch). The forward saves
/// the batch mean and invstd per channel; the backward computes dx and accumulates dgamma, dbeta.
/// </summary>
public static class BatchNorm2dNaive
{
    private static int Index(ImageLayout layout, int c, int hw, int i, int ch, int p)
        => layout == ImageLayout.Nchw ? (i * c + ch) * hw + p : (i * hw + p) * c + ch;

    public static void Forward(ImageLayout layout, int n, int c, int hw, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> runningMean, Span<float> runningVar, Span<float> y, Span<float> saveMean, Span<float> saveInvstd, float eps, float momentum)
    {
        BatchNormChecks.Forward(n, c, hw, x, gamma, beta, runningMean, runningVar, y, saveMean, saveInvstd);
        int count = n * hw;
        for (int ch = 0; ch < c; ch++)
        {
            float sum = 0;
            for (int i = 0; i < n; i++)
                for (int p = 0; p < hw; p++)
                    sum += x[Index(layout, c, hw, i, ch, p)];
            float mean = sum / count;
            float sq = 0;
            for (int i = 0; i < n; i++)
                for (int p = 0; p < hw; p++)
                {
                    float d = x[Index(layout, c, hw, i, ch, p)] - mean;
                    sq += d * d;
                }
            float invstd = 1f / MathF.Sqrt(sq / count + eps);
            for (int i = 0; i < n; i++)
                for (int p = 0; p < hw; p++)
                {
                    int k = Index(layout, c, hw, i, ch, p);
                    y[k] = (x[k] - mean) * invstd * gamma[ch] + beta[ch];
                }
            saveMean[ch] = mean;
            saveInvstd[ch] = invstd;
            runningMean[ch] = (1 - momentum) * runningMean[ch] + momentum * mean;
            runningVar[ch] = (1 - momentum) * runningVar[ch] + momentum * (sq / (count - 1));
        }
    }

    public static void Backward(ImageLayout layout, int n, int c, int hw, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> saveMean, ReadOnlySpan<float> saveInvstd, Span<float> dx, Span<float> dgamma, Span<float> dbeta)
    {
        BatchNormChecks.Backward(n, c, hw, dy, x, gamma, saveMean, saveInvstd, dx, dgamma, dbeta);
        int count = n * hw;
        for (int ch = 0; ch < c; ch++)
        {
            float mean = saveMean[ch], invstd = saveInvstd[ch];
            float sumDy = 0, sumDyXhat = 0;
            for (int i = 0; i < n; i++)
                for (int p = 0; p < hw; p++)
                {
                    int k = Index(layout, c, hw, i, ch, p);
                    sumDy += dy[k];
                    sumDyXhat += dy[k] * (x[k] - mean) * invstd;
                }
            for (int i = 0; i < n; i++)
                for (int p = 0; p < hw; p++)
                {
                    int k = Index(layout, c, hw, i, ch, p);
                    float xhat = (x[k] - mean) * invstd;
                    dx[k] = gamma[ch] * invstd * (dy[k] - sumDy / count - xhat * sumDyXhat / count);
                }
            dgamma[ch] += sumDyXhat;
            dbeta[ch] += sumDy;
        }
    }
}

internal static class BatchNormChecks
{
    public static void Forward(int n, int c, int hw, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> runningMean, Span<float> runningVar, Span<float> y, Span<float> saveMean, Span<float> saveInvstd)
    {
        Check.Positive(n, nameof(n));
        Check.Positive(c, nameof(c));
        Check.Positive(hw, nameof(hw));
        if ((long)n * hw < 2)
            throw new ArgumentException("BatchNorm in training mode needs more than one value per channel.");
        long size = (long)n * c * hw;
        Check.Length(x.Length, size, nameof(x));
        Check.Length(gamma.Length, c, nameof(gamma));
        Check.Length(beta.Length, c, nameof(beta));
        Check.Length(runningMean.Length, c, nameof(runningMean));
        Check.Length(runningVar.Length, c, nameof(runningVar));
        Check.Length(y.Length, size, nameof(y));
        Check.Length(saveMean.Length, c, nameof(saveMean));
        Check.Length(saveInvstd.Length, c, nameof(saveInvstd));
    }

    public static void Backward(int n, int c, int hw, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> saveMean, ReadOnlySpan<float> saveInvstd, Span<float> dx, Span<float> dgamma, Span<float> dbeta)
    {
        Check.Positive(n, nameof(n));
        Check.Positive(c, nameof(c));
        Check.Positive(hw, nameof(hw));
        long size = (long)n * c * hw;
        Check.Length(dy.Length, size, nameof(dy));
        Check.Length(x.Length, size, nameof(x));
        Check.Length(gamma.Length, c, nameof(gamma));
        Check.Length(saveMean.Length, c, nameof(saveMean));
        Check.Length(saveInvstd.Length, c, nameof(saveInvstd));
        Check.Length(dx.Length, size, nameof(dx));
        Check.Length(dgamma.Length, c, nameof(dgamma));
        Check.Length(dbeta.Length, c, nameof(dbeta));
    }
}
