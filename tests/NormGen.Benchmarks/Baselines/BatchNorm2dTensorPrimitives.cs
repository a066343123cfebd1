using System.Numerics.Tensors;

namespace NormGen.Benchmarks.Baselines;

/// <summary>
/// BatchNorm2d training composed of TensorPrimitives calls, either layout. NCHW: per channel, plane by
/// plane (Sum; Subtract into y and SumOfSquares of it; Multiply, Add). NHWC: channel vectors accumulated row by
/// row (Add, Subtract, FusedMultiplyAdd into per-channel sums), then one FusedMultiplyAdd per row. The
/// backward writes x - mean into dx as its scratch. Per-channel scratch is on the stack for C &lt;= 1024.
/// </summary>
public static class BatchNorm2dTensorPrimitives
{
    private const int StackChannels = 1024;

    public static void Forward(ImageLayout layout, int n, int c, int hw, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> runningMean, Span<float> runningVar, Span<float> y, Span<float> saveMean, Span<float> saveInvstd, float eps, float momentum)
    {
        BatchNormChecks.Forward(n, c, hw, x, gamma, beta, runningMean, runningVar, y, saveMean, saveInvstd);
        int count = n * hw;
        if (layout == ImageLayout.Nchw)
        {
            for (int ch = 0; ch < c; ch++)
            {
                float sum = 0;
                for (int i = 0; i < n; i++)
                    sum += TensorPrimitives.Sum(x.Slice((i * c + ch) * hw, hw));
                float mean = sum / count, sq = 0;
                for (int i = 0; i < n; i++)
                {
                    var yp = y.Slice((i * c + ch) * hw, hw);
                    TensorPrimitives.Subtract(x.Slice((i * c + ch) * hw, hw), mean, yp);
                    sq += TensorPrimitives.SumOfSquares(yp);
                }
                float invstd = 1f / MathF.Sqrt(sq / count + eps);
                for (int i = 0; i < n; i++)
                {
                    var yp = y.Slice((i * c + ch) * hw, hw);
                    TensorPrimitives.Multiply(yp, gamma[ch] * invstd, yp);
                    TensorPrimitives.Add(yp, beta[ch], yp);
                }
                saveMean[ch] = mean;
                saveInvstd[ch] = invstd;
                runningMean[ch] = (1 - momentum) * runningMean[ch] + momentum * mean;
                runningVar[ch] = (1 - momentum) * runningVar[ch] + momentum * (sq / (count - 1));
            }
            return;
        }

        Span<float> scratch = c <= StackChannels ? stackalloc float[2 * c] : new float[2 * c];
        scratch.Clear();
        Span<float> sumV = scratch[..c], sqV = scratch.Slice(c, c);
        for (int r = 0; r < count; r++)
            TensorPrimitives.Add(sumV, x.Slice(r * c, c), sumV);
        TensorPrimitives.Multiply(sumV, 1f / count, saveMean);                     // mean
        for (int r = 0; r < count; r++)
        {
            var yr = y.Slice(r * c, c);
            TensorPrimitives.Subtract(x.Slice(r * c, c), saveMean, yr);
            TensorPrimitives.FusedMultiplyAdd(yr, yr, sqV, sqV);
        }
        for (int ch = 0; ch < c; ch++)
        {
            float invstd = 1f / MathF.Sqrt(sqV[ch] / count + eps);
            saveInvstd[ch] = invstd;
            runningMean[ch] = (1 - momentum) * runningMean[ch] + momentum * saveMean[ch];
            runningVar[ch] = (1 - momentum) * runningVar[ch] + momentum * (sqV[ch] / (count - 1));
        }
        TensorPrimitives.Multiply(gamma, saveInvstd, sumV);                        // scale, in sumV's place
        for (int r = 0; r < count; r++)
        {
            var yr = y.Slice(r * c, c);
            TensorPrimitives.FusedMultiplyAdd(yr, sumV, beta, yr);
        }
    }

    public static void Backward(ImageLayout layout, int n, int c, int hw, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> saveMean, ReadOnlySpan<float> saveInvstd, Span<float> dx, Span<float> dgamma, Span<float> dbeta)
    {
        BatchNormChecks.Backward(n, c, hw, dy, x, gamma, saveMean, saveInvstd, dx, dgamma, dbeta);
        int count = n * hw;
        if (layout == ImageLayout.Nchw)
        {
            for (int ch = 0; ch < c; ch++)
            {
                float mean = saveMean[ch], invstd = saveInvstd[ch], sumDy = 0, sumDyXmu = 0;
                for (int i = 0; i < n; i++)
                {
                    int o = (i * c + ch) * hw;
                    var dyp = dy.Slice(o, hw);
                    var dxp = dx.Slice(o, hw);
                    TensorPrimitives.Subtract(x.Slice(o, hw), mean, dxp);           // x - mean
                    sumDy += TensorPrimitives.Sum(dyp);
                    sumDyXmu += TensorPrimitives.Dot(dyp, dxp);
                }
                float a = gamma[ch] * invstd;
                float b = -a * invstd * invstd * sumDyXmu / count;
                float k = -a * sumDy / count;
                for (int i = 0; i < n; i++)
                {
                    int o = (i * c + ch) * hw;
                    var dxp = dx.Slice(o, hw);
                    TensorPrimitives.Multiply(dxp, b, dxp);
                    TensorPrimitives.MultiplyAdd(dy.Slice(o, hw), a, dxp, dxp);
                    TensorPrimitives.Add(dxp, k, dxp);
                }
                dgamma[ch] += sumDyXmu * invstd;
                dbeta[ch] += sumDy;
            }
            return;
        }

        Span<float> scratch = c <= StackChannels ? stackalloc float[4 * c] : new float[4 * c];
        scratch.Clear();
        Span<float> sumDyV = scratch[..c], sumDyXmuV = scratch.Slice(c, c), aV = scratch.Slice(2 * c, c), bV = scratch.Slice(3 * c, c);
        for (int r = 0; r < count; r++)
        {
            var dyr = dy.Slice(r * c, c);
            var dxr = dx.Slice(r * c, c);
            TensorPrimitives.Add(sumDyV, dyr, sumDyV);
            TensorPrimitives.Subtract(x.Slice(r * c, c), saveMean, dxr);           // x - mean
            TensorPrimitives.FusedMultiplyAdd(dyr, dxr, sumDyXmuV, sumDyXmuV);
        }
        for (int ch = 0; ch < c; ch++)
        {
            float invstd = saveInvstd[ch];
            dgamma[ch] += sumDyXmuV[ch] * invstd;
            dbeta[ch] += sumDyV[ch];
            aV[ch] = gamma[ch] * invstd;
            bV[ch] = -aV[ch] * invstd * invstd * sumDyXmuV[ch] / count;
            sumDyV[ch] = -aV[ch] * sumDyV[ch] / count;                               // k
        }
        for (int r = 0; r < count; r++)
        {
            var dxr = dx.Slice(r * c, c);
            TensorPrimitives.Multiply(dxr, bV, dxr);
            TensorPrimitives.FusedMultiplyAdd(dy.Slice(r * c, c), aV, dxr, dxr);
            TensorPrimitives.Add(dxr, sumDyV, dxr);
        }
    }
}
