using System.Numerics.Tensors;

namespace NormGen.Benchmarks.Baselines;

/// <summary>
/// LayerNorm over the last axis composed of System.Numerics.Tensors.TensorPrimitives calls, row by row:
/// what a .NET developer writes today. Every call is its own sweep over the row. The backward needs two
/// rows of scratch (<see cref="ScratchLength"/>), passed in so that a call allocates nothing.
/// </summary>
public static class LayerNormTensorPrimitives
{
    public static int ScratchLength(int features) => 2 * features;

    public static void Forward(int rows, int features, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> y, Span<float> mean, Span<float> rstd, float eps)
    {
        LayerNormChecks.Forward(rows, features, x, gamma, beta, y, mean, rstd);
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * features, features);
            var yr = y.Slice(r * features, features);
            float mu = TensorPrimitives.Sum(xr) / features;
            TensorPrimitives.Subtract(xr, mu, yr);                          // y = x - mean
            float rs = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares(yr) / features + eps);
            TensorPrimitives.Multiply(yr, rs, yr);                           // y = xhat
            TensorPrimitives.FusedMultiplyAdd(yr, gamma, beta, yr);          // y = xhat * gamma + beta
            mean[r] = mu;
            rstd[r] = rs;
        }
    }

    public static void Backward(int rows, int features, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, Span<float> dx, Span<float> dgamma, Span<float> dbeta, Span<float> scratch)
    {
        LayerNormChecks.Backward(rows, features, dy, x, gamma, mean, rstd, dx, dgamma, dbeta);
        Check.Length(scratch.Length, ScratchLength(features), nameof(scratch));
        var xhat = scratch[..features];
        var g = scratch.Slice(features, features);
        for (int r = 0; r < rows; r++)
        {
            var dyr = dy.Slice(r * features, features);
            var xr = x.Slice(r * features, features);
            var dxr = dx.Slice(r * features, features);
            float mu = mean[r], rs = rstd[r];
            TensorPrimitives.Subtract(xr, mu, xhat);
            TensorPrimitives.Multiply(xhat, rs, xhat);                       // xhat
            TensorPrimitives.Multiply(dyr, gamma, g);                        // g = dy * gamma
            float sumG = TensorPrimitives.Sum(g);
            float sumGXhat = TensorPrimitives.Dot(g, xhat);
            TensorPrimitives.FusedMultiplyAdd(dyr, xhat, dgamma, dgamma);    // dgamma += dy * xhat
            TensorPrimitives.Add(dbeta, dyr, dbeta);                         // dbeta += dy
            // dx = rs * (g - sumG/d - xhat * sumGXhat/d)
            TensorPrimitives.MultiplyAdd(xhat, -sumGXhat / features, g, dxr);
            TensorPrimitives.Add(dxr, -sumG / features, dxr);
            TensorPrimitives.Multiply(dxr, rs, dxr);
        }
    }
}
