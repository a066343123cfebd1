using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NormGen.Benchmarks.Baselines;

/// <summary>
/// BatchNorm2d training, NCHW, best-effort hand-written Vector256 C#. Channel by channel: each of the n
/// contiguous H*W planes gets a two-pass mean/M2 while it sits in L1, merged into the channel's statistics
/// with Chan's parallel formula (stable, one sweep from memory); the channel is then normalized right away
/// (y = x * scale + shift, one FMA) while its planes are still in L2. Backward, per channel: one fused sweep
/// for sum(dy) and sum(dy * (x - mean)), one elementwise sweep dx = a*dy + b*x + c.
/// </summary>
public static class BatchNorm2dNchwSimd
{
    public static void Forward(int n, int c, int hw, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> runningMean, Span<float> runningVar, Span<float> y, Span<float> saveMean, Span<float> saveInvstd, float eps, float momentum)
    {
        BatchNormChecks.Forward(n, c, hw, x, gamma, beta, runningMean, runningVar, y, saveMean, saveInvstd);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        nuint plane = (nuint)hw;
        long count = (long)n * hw;
        for (int ch = 0; ch < c; ch++)
        {
            // Statistics: per-plane two-pass, merged (Chan et al.) in double.
            double mean = 0, m2 = 0;
            long seen = 0;
            for (int i = 0; i < n; i++)
            {
                ref float p = ref Unsafe.Add(ref x0, ((nuint)i * (nuint)c + (nuint)ch) * plane);
                float pm = Vec.Sum(ref p, plane) / hw;
                float pm2 = Vec.SumSquaredDeviations(ref p, plane, pm);
                long total = seen + hw;
                double delta = pm - mean;
                mean += delta * hw / total;
                m2 += pm2 + delta * delta * ((double)seen * hw / total);
                seen = total;
            }
            float var = (float)(m2 / count);
            float invstd = 1f / MathF.Sqrt(var + eps);
            saveMean[ch] = (float)mean;
            saveInvstd[ch] = invstd;
            runningMean[ch] = (1 - momentum) * runningMean[ch] + momentum * (float)mean;
            runningVar[ch] = (1 - momentum) * runningVar[ch] + momentum * (float)(m2 / (count - 1));

            float scale = gamma[ch] * invstd;
            float shift = beta[ch] - (float)mean * scale;
            for (int i = 0; i < n; i++)
            {
                nuint o = ((nuint)i * (nuint)c + (nuint)ch) * plane;
                Vec.ScaleShift(ref Unsafe.Add(ref x0, o), ref Unsafe.Add(ref y0, o), plane, scale, shift);
            }
        }
    }

    public static void Backward(int n, int c, int hw, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> saveMean, ReadOnlySpan<float> saveInvstd, Span<float> dx, Span<float> dgamma, Span<float> dbeta)
    {
        BatchNormChecks.Backward(n, c, hw, dy, x, gamma, saveMean, saveInvstd, dx, dgamma, dbeta);
        ref float dy0 = ref MemoryMarshal.GetReference(dy);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float dx0 = ref MemoryMarshal.GetReference(dx);
        nuint plane = (nuint)hw;
        float k = 1f / ((long)n * hw);
        for (int ch = 0; ch < c; ch++)
        {
            float mean = saveMean[ch], invstd = saveInvstd[ch];
            // Sweep 1 (fused): sum(dy) and sum(dy * (x - mean)) per plane, accumulated across planes in double.
            double sumDy = 0, sumDyXmu = 0;
            for (int i = 0; i < n; i++)
            {
                nuint o = ((nuint)i * (nuint)c + (nuint)ch) * plane;
                var (s, sxm) = Vec.SumAndCenteredDot(ref Unsafe.Add(ref dy0, o), ref Unsafe.Add(ref x0, o), plane, mean);
                sumDy += s;
                sumDyXmu += sxm;
            }
            dbeta[ch] += (float)sumDy;
            dgamma[ch] += (float)(sumDyXmu * invstd);

            // Sweep 2: dx = a*dy + b*x + cc.
            float a = gamma[ch] * invstd;
            float b = -a * invstd * invstd * (float)sumDyXmu * k;
            float cc = -a * (float)sumDy * k - b * mean;
            for (int i = 0; i < n; i++)
            {
                nuint o = ((nuint)i * (nuint)c + (nuint)ch) * plane;
                Vec.AffineBackward(ref Unsafe.Add(ref dy0, o), ref Unsafe.Add(ref x0, o), ref Unsafe.Add(ref dx0, o), plane, a, b, cc);
            }
        }
    }
}
