using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NormGen.Benchmarks.Baselines;

/// <summary>
/// GroupNorm, NCHW, best-effort hand-written Vector256 C#. A (sample, group) is one contiguous block of
/// C/groups planes: two-pass mean and variance over the block while it is in L1/L2, then one FMA sweep per
/// channel plane (y = x * gamma[c]*rstd + (beta[c] - mean*gamma[c]*rstd)). Backward as ATen's CPU kernel
/// (group_norm_kernel.cpp): one fused sweep per plane for ds = sum(dy*x) and db = sum(dy), the group's
/// coefficients from sum_c gamma[c]*ds[c] and sum_c gamma[c]*db[c], then dx = gamma[c]*rstd*dy + b*x + k.
/// </summary>
public static class GroupNormSimd
{
    public static void Forward(int n, int c, int hw, int groups, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> y, Span<float> mean, Span<float> rstd, float eps)
    {
        GroupNormChecks.Forward(n, c, hw, groups, x, gamma, beta, y, mean, rstd);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        int per = c / groups;
        nuint plane = (nuint)hw;
        nuint len = (nuint)per * plane;
        float inv = 1f / ((long)per * hw);
        for (int i = 0; i < n; i++)
            for (int g = 0; g < groups; g++)
            {
                nuint o = ((nuint)i * (nuint)c + (nuint)(g * per)) * plane;
                ref float blk = ref Unsafe.Add(ref x0, o);
                float mu = Vec.Sum(ref blk, len) * inv;
                float rs = 1f / MathF.Sqrt(Vec.SumSquaredDeviations(ref blk, len, mu) * inv + eps);
                mean[i * groups + g] = mu;
                rstd[i * groups + g] = rs;
                for (int k = 0; k < per; k++)
                {
                    int ch = g * per + k;
                    float scale = gamma[ch] * rs;
                    nuint po = o + (nuint)k * plane;
                    Vec.ScaleShift(ref Unsafe.Add(ref x0, po), ref Unsafe.Add(ref y0, po), plane, scale, beta[ch] - mu * scale);
                }
            }
    }

    public static void Backward(int n, int c, int hw, int groups, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, Span<float> dx, Span<float> dgamma, Span<float> dbeta)
    {
        GroupNormChecks.Backward(n, c, hw, groups, dy, x, gamma, mean, rstd, dx, dgamma, dbeta);
        ref float dy0 = ref MemoryMarshal.GetReference(dy);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float dx0 = ref MemoryMarshal.GetReference(dx);
        int per = c / groups;
        nuint plane = (nuint)hw;
        float s = 1f / ((long)per * hw);
        for (int i = 0; i < n; i++)
            for (int g = 0; g < groups; g++)
            {
                float mu = mean[i * groups + g], rs = rstd[i * groups + g];
                nuint o = ((nuint)i * (nuint)c + (nuint)(g * per)) * plane;

                // Sweep 1 (fused, per plane): db_c = sum(dy), ds_c = sum(dy*x); parameter gradients; group sums.
                float dsG = 0, dbG = 0;
                for (int k = 0; k < per; k++)
                {
                    int ch = g * per + k;
                    nuint po = o + (nuint)k * plane;
                    var (db, ds) = Vec.SumAndDot(ref Unsafe.Add(ref dy0, po), ref Unsafe.Add(ref x0, po), plane);
                    dgamma[ch] += (ds - db * mu) * rs;
                    dbeta[ch] += db;
                    dsG += gamma[ch] * ds;
                    dbG += gamma[ch] * db;
                }

                // Sweep 2: dx = gamma[c]*rs*dy + b*x + k (ATen's coefficients).
                float b = (dbG * mu - dsG) * rs * rs * rs * s;
                float kc = -b * mu - dbG * rs * s;
                for (int k = 0; k < per; k++)
                {
                    nuint po = o + (nuint)k * plane;
                    Vec.AffineBackward(ref Unsafe.Add(ref dy0, po), ref Unsafe.Add(ref x0, po), ref Unsafe.Add(ref dx0, po), plane,
                        gamma[g * per + k] * rs, b, kc);
                }
            }
    }
}
