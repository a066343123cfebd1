using System.Numerics.Tensors;

namespace NormGen.Benchmarks.Baselines;

/// <summary>
/// RMSNorm over the last axis composed of TensorPrimitives calls, row by row. The backward needs one row
/// of scratch (<see cref="ScratchLength"/>).
/// </summary>
public static class RmsNormTensorPrimitives
{
    public static int ScratchLength(int features) => features;

    public static void Forward(int rows, int features, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        Span<float> y, Span<float> rstd, float eps)
    {
        RmsNormChecks.Forward(rows, features, x, gamma, y, rstd);
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * features, features);
            var yr = y.Slice(r * features, features);
            float rs = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares(xr) / features + eps);
            TensorPrimitives.Multiply(xr, rs, yr);
            TensorPrimitives.Multiply(yr, gamma, yr);
            rstd[r] = rs;
        }
    }

    public static void Backward(int rows, int features, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> rstd, Span<float> dx, Span<float> dgamma, Span<float> scratch)
    {
        RmsNormChecks.Backward(rows, features, dy, x, gamma, rstd, dx, dgamma);
        Check.Length(scratch.Length, ScratchLength(features), nameof(scratch));
        for (int r = 0; r < rows; r++)
        {
            var dyr = dy.Slice(r * features, features);
            var xr = x.Slice(r * features, features);
            var dxr = dx.Slice(r * features, features);
            float rs = rstd[r];
            TensorPrimitives.Multiply(dyr, gamma, dxr);                      // g = dy * gamma (in dx)
            float sumGX = TensorPrimitives.Dot(dxr, xr);
            TensorPrimitives.Multiply(xr, rs, scratch);                      // x * rs
            TensorPrimitives.FusedMultiplyAdd(dyr, scratch, dgamma, dgamma); // dgamma += dy * x * rs
            float c = rs * rs * rs * sumGX / features;
            TensorPrimitives.Multiply(dxr, rs, dxr);                         // rs * g
            TensorPrimitives.MultiplyAdd(xr, -c, dxr, dxr);                  // - c * x
        }
    }
}
