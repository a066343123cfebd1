namespace NormGen.Benchmarks.Baselines;

/// <summary>
/// RMSNorm over the last axis, straightforward scalar C#: y = x * rstd * gamma, rstd = 1/sqrt(mean(x^2) + eps).
/// Backward: dx = rstd * (g - x * rstd^2 * mean(g * x)) with g = dy * gamma; dgamma += dy * x * rstd.
/// The forward saves rstd per row.
/// </summary>
public static class RmsNormNaive
{
    public static void Forward(int rows, int features, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        Span<float> y, Span<float> rstd, float eps)
    {
        RmsNormChecks.Forward(rows, features, x, gamma, y, rstd);
        for (int r = 0; r < rows; r++)
        {
            int o = r * features;
            float sq = 0;
            for (int j = 0; j < features; j++)
                sq += x[o + j] * x[o + j];
            float rs = 1f / MathF.Sqrt(sq / features + eps);
            for (int j = 0; j < features; j++)
                y[o + j] = x[o + j] * rs * gamma[j];
            rstd[r] = rs;
        }
    }

    public static void Backward(int rows, int features, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> rstd, Span<float> dx, Span<float> dgamma)
    {
        RmsNormChecks.Backward(rows, features, dy, x, gamma, rstd, dx, dgamma);
        for (int r = 0; r < rows; r++)
        {
            int o = r * features;
            float rs = rstd[r];
            float sumGX = 0;
            for (int j = 0; j < features; j++)
            {
                sumGX += dy[o + j] * gamma[j] * x[o + j];
                dgamma[j] += dy[o + j] * x[o + j] * rs;
            }
            float c = rs * rs * sumGX / features;
            for (int j = 0; j < features; j++)
                dx[o + j] = rs * (dy[o + j] * gamma[j] - x[o + j] * c);
        }
    }
}

internal static class RmsNormChecks
{
    public static void Forward(int rows, int features, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, Span<float> y, Span<float> rstd)
    {
        Check.Positive(rows, nameof(rows));
        Check.Positive(features, nameof(features));
        long n = (long)rows * features;
        Check.Length(x.Length, n, nameof(x));
        Check.Length(gamma.Length, features, nameof(gamma));
        Check.Length(y.Length, n, nameof(y));
        Check.Length(rstd.Length, rows, nameof(rstd));
    }

    public static void Backward(int rows, int features, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> rstd, Span<float> dx, Span<float> dgamma)
    {
        Check.Positive(rows, nameof(rows));
        Check.Positive(features, nameof(features));
        long n = (long)rows * features;
        Check.Length(dy.Length, n, nameof(dy));
        Check.Length(x.Length, n, nameof(x));
        Check.Length(gamma.Length, features, nameof(gamma));
        Check.Length(rstd.Length, rows, nameof(rstd));
        Check.Length(dx.Length, n, nameof(dx));
        Check.Length(dgamma.Length, features, nameof(dgamma));
    }
}
