namespace NormGen.Benchmarks.Baselines;

/// <summary>
/// LayerNorm over the last axis, the straightforward scalar C# a developer writes first:
/// y = (x - mean) * rstd * gamma + beta with rstd = 1 / sqrt(var + eps), biased variance (two-pass).
/// Backward: dx, and dgamma/dbeta accumulated (+=). mean and rstd per row are saved by the forward.
/// </summary>
public static class LayerNormNaive
{
    public static void Forward(int rows, int features, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> y, Span<float> mean, Span<float> rstd, float eps)
    {
        LayerNormChecks.Forward(rows, features, x, gamma, beta, y, mean, rstd);
        for (int r = 0; r < rows; r++)
        {
            int o = r * features;
            float sum = 0;
            for (int j = 0; j < features; j++)
                sum += x[o + j];
            float mu = sum / features;
            float sq = 0;
            for (int j = 0; j < features; j++)
            {
                float d = x[o + j] - mu;
                sq += d * d;
            }
            float rs = 1f / MathF.Sqrt(sq / features + eps);
            for (int j = 0; j < features; j++)
                y[o + j] = (x[o + j] - mu) * rs * gamma[j] + beta[j];
            mean[r] = mu;
            rstd[r] = rs;
        }
    }

    public static void Backward(int rows, int features, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, Span<float> dx, Span<float> dgamma, Span<float> dbeta)
    {
        LayerNormChecks.Backward(rows, features, dy, x, gamma, mean, rstd, dx, dgamma, dbeta);
        for (int r = 0; r < rows; r++)
        {
            int o = r * features;
            float mu = mean[r], rs = rstd[r];
            float sumG = 0, sumGXhat = 0;
            for (int j = 0; j < features; j++)
            {
                float xhat = (x[o + j] - mu) * rs;
                float g = dy[o + j] * gamma[j];
                sumG += g;
                sumGXhat += g * xhat;
                dgamma[j] += dy[o + j] * xhat;
                dbeta[j] += dy[o + j];
            }
            for (int j = 0; j < features; j++)
            {
                float xhat = (x[o + j] - mu) * rs;
                float g = dy[o + j] * gamma[j];
                dx[o + j] = rs * (g - sumG / features - xhat * sumGXhat / features);
            }
        }
    }
}

internal static class LayerNormChecks
{
    public static void Forward(int rows, int features, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> y, Span<float> mean, Span<float> rstd)
    {
        Check.Positive(rows, nameof(rows));
        Check.Positive(features, nameof(features));
        long n = (long)rows * features;
        Check.Length(x.Length, n, nameof(x));
        Check.Length(gamma.Length, features, nameof(gamma));
        Check.Length(beta.Length, features, nameof(beta));
        Check.Length(y.Length, n, nameof(y));
        Check.Length(mean.Length, rows, nameof(mean));
        Check.Length(rstd.Length, rows, nameof(rstd));
    }

    public static void Backward(int rows, int features, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, Span<float> dx, Span<float> dgamma, Span<float> dbeta)
    {
        Check.Positive(rows, nameof(rows));
        Check.Positive(features, nameof(features));
        long n = (long)rows * features;
        Check.Length(dy.Length, n, nameof(dy));
        Check.Length(x.Length, n, nameof(x));
        Check.Length(gamma.Length, features, nameof(gamma));
        Check.Length(mean.Length, rows, nameof(mean));
        Check.Length(rstd.Length, rows, nameof(rstd));
        Check.Length(dx.Length, n, nameof(dx));
        Check.Length(dgamma.Length, features, nameof(dgamma));
        Check.Length(dbeta.Length, features, nameof(dbeta));
    }
}
