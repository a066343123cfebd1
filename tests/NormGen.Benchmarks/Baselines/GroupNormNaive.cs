namespace NormGen.Benchmarks.Baselines;

/// <summary>
/// GroupNorm, NCHW, straightforward scalar C#: C split into <c>groups</c> contiguous groups of C/groups
/// channels; statistics per (sample, group) over (C/groups, H, W), biased variance (two-pass); gamma and beta
/// per channel. The forward saves mean and rstd per (sample, group); the backward computes dx and
/// accumulates dgamma, dbeta.
/// </summary>
public static class GroupNormNaive
{
    public static void Forward(int n, int c, int hw, int groups, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> y, Span<float> mean, Span<float> rstd, float eps)
    {
        GroupNormChecks.Forward(n, c, hw, groups, x, gamma, beta, y, mean, rstd);
        int per = c / groups;
        int count = per * hw;
        for (int i = 0; i < n; i++)
            for (int g = 0; g < groups; g++)
            {
                int o = (i * c + g * per) * hw;
                float sum = 0;
                for (int k = 0; k < count; k++)
                    sum += x[o + k];
                float mu = sum / count;
                float sq = 0;
                for (int k = 0; k < count; k++)
                {
                    float d = x[o + k] - mu;
                    sq += d * d;
                }
                float rs = 1f / MathF.Sqrt(sq / count + eps);
                for (int k = 0; k < count; k++)
                {
                    int ch = g * per + k / hw;
                    y[o + k] = (x[o + k] - mu) * rs * gamma[ch] + beta[ch];
                }
                mean[i * groups + g] = mu;
                rstd[i * groups + g] = rs;
            }
    }

    public static void Backward(int n, int c, int hw, int groups, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, Span<float> dx, Span<float> dgamma, Span<float> dbeta)
    {
        GroupNormChecks.Backward(n, c, hw, groups, dy, x, gamma, mean, rstd, dx, dgamma, dbeta);
        int per = c / groups;
        int count = per * hw;
        for (int i = 0; i < n; i++)
            for (int g = 0; g < groups; g++)
            {
                int o = (i * c + g * per) * hw;
                float mu = mean[i * groups + g], rs = rstd[i * groups + g];
                float sumG = 0, sumGXhat = 0;
                for (int k = 0; k < count; k++)
                {
                    int ch = g * per + k / hw;
                    float xhat = (x[o + k] - mu) * rs;
                    float gk = dy[o + k] * gamma[ch];
                    sumG += gk;
                    sumGXhat += gk * xhat;
                    dgamma[ch] += dy[o + k] * xhat;
                    dbeta[ch] += dy[o + k];
                }
                for (int k = 0; k < count; k++)
                {
                    int ch = g * per + k / hw;
                    float xhat = (x[o + k] - mu) * rs;
                    float gk = dy[o + k] * gamma[ch];
                    dx[o + k] = rs * (gk - sumG / count - xhat * sumGXhat / count);
                }
            }
    }
}

internal static class GroupNormChecks
{
    public static void Forward(int n, int c, int hw, int groups, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> y, Span<float> mean, Span<float> rstd)
    {
        Shape(n, c, hw, groups);
        long size = (long)n * c * hw;
        Check.Length(x.Length, size, nameof(x));
        Check.Length(gamma.Length, c, nameof(gamma));
        Check.Length(beta.Length, c, nameof(beta));
        Check.Length(y.Length, size, nameof(y));
        Check.Length(mean.Length, (long)n * groups, nameof(mean));
        Check.Length(rstd.Length, (long)n * groups, nameof(rstd));
    }

    public static void Backward(int n, int c, int hw, int groups, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, Span<float> dx, Span<float> dgamma, Span<float> dbeta)
    {
        Shape(n, c, hw, groups);
        long size = (long)n * c * hw;
        Check.Length(dy.Length, size, nameof(dy));
        Check.Length(x.Length, size, nameof(x));
        Check.Length(gamma.Length, c, nameof(gamma));
        Check.Length(mean.Length, (long)n * groups, nameof(mean));
        Check.Length(rstd.Length, (long)n * groups, nameof(rstd));
        Check.Length(dx.Length, size, nameof(dx));
        Check.Length(dgamma.Length, c, nameof(dgamma));
        Check.Length(dbeta.Length, c, nameof(dbeta));
    }

    private static void Shape(int n, int c, int hw, int groups)
    {
        Check.Positive(n, nameof(n));
        Check.Positive(c, nameof(c));
        Check.Positive(hw, nameof(hw));
        Check.Positive(groups, nameof(groups));
        if (c % groups != 0)
            throw new ArgumentException($"{c} channels do not split into {groups} groups.", nameof(groups));
    }
}
