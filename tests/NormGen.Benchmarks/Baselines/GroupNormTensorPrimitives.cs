using System.Numerics.Tensors;

namespace NormGen.Benchmarks.Baselines;

/// <summary>
/// GroupNorm, NCHW, composed of TensorPrimitives calls per (sample, group) block and per channel plane.
/// The backward writes xhat into dx as its scratch.
/// </summary>
public static class GroupNormTensorPrimitives
{
    public static void Forward(int n, int c, int hw, int groups, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> y, Span<float> mean, Span<float> rstd, float eps)
    {
        GroupNormChecks.Forward(n, c, hw, groups, x, gamma, beta, y, mean, rstd);
        int per = c / groups, len = per * hw;
        for (int i = 0; i < n; i++)
            for (int g = 0; g < groups; g++)
            {
                int o = (i * c + g * per) * hw;
                var yb = y.Slice(o, len);
                float mu = TensorPrimitives.Sum(x.Slice(o, len)) / len;
                TensorPrimitives.Subtract(x.Slice(o, len), mu, yb);
                float rs = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares(yb) / len + eps);
                for (int k = 0; k < per; k++)
                {
                    int ch = g * per + k;
                    var yp = y.Slice(o + k * hw, hw);
                    TensorPrimitives.Multiply(yp, gamma[ch] * rs, yp);
                    TensorPrimitives.Add(yp, beta[ch], yp);
                }
                mean[i * groups + g] = mu;
                rstd[i * groups + g] = rs;
            }
    }

    public static void Backward(int n, int c, int hw, int groups, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, Span<float> dx, Span<float> dgamma, Span<float> dbeta)
    {
        GroupNormChecks.Backward(n, c, hw, groups, dy, x, gamma, mean, rstd, dx, dgamma, dbeta);
        int per = c / groups, len = per * hw;
        for (int i = 0; i < n; i++)
            for (int g = 0; g < groups; g++)
            {
                float mu = mean[i * groups + g], rs = rstd[i * groups + g];
                int o = (i * c + g * per) * hw;
                float sumG = 0, sumGXhat = 0;
                for (int k = 0; k < per; k++)
                {
                    int ch = g * per + k;
                    var dyp = dy.Slice(o + k * hw, hw);
                    var dxp = dx.Slice(o + k * hw, hw);
                    TensorPrimitives.Subtract(x.Slice(o + k * hw, hw), mu, dxp);
                    TensorPrimitives.Multiply(dxp, rs, dxp);                         // xhat
                    float db = TensorPrimitives.Sum(dyp);
                    float dsh = TensorPrimitives.Dot(dyp, dxp);
                    dgamma[ch] += dsh;
                    dbeta[ch] += db;
                    sumG += gamma[ch] * db;
                    sumGXhat += gamma[ch] * dsh;
                }
                for (int k = 0; k < per; k++)
                {
                    int ch = g * per + k;
                    var dxp = dx.Slice(o + k * hw, hw);
                    // dx = rs * (gamma*dy - sumG/len - xhat*sumGXhat/len)
                    TensorPrimitives.Multiply(dxp, -sumGXhat / len, dxp);
                    TensorPrimitives.MultiplyAdd(dy.Slice(o + k * hw, hw), gamma[ch], dxp, dxp);
                    TensorPrimitives.Add(dxp, -sumG / len, dxp);
                    TensorPrimitives.Multiply(dxp, rs, dxp);
                }
            }
    }
}
