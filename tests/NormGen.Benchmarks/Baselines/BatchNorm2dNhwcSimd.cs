using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NormGen.Benchmarks.Baselines;

/// <summary>
/// BatchNorm2d training, NHWC (channels_last), best-effort hand-written Vector256 C#. The channel axis is
/// innermost, so statistics are accumulated vertically, 8 channels per vector, never horizontally:
/// the n*h*w rows are cut into blocks of about 16 KiB (L1-resident); within a block each 8-channel column
/// gets a two-pass mean and M2 (4 row accumulators), merged into the running per-channel statistics with
/// Chan's formula (stable, one sweep from memory). Then one FMA sweep y = x * scale[c] + shift[c].
/// Backward: the same blocking for the fused sum(dy), sum(dy * (x - mean)) sweep, then dx = a[c]*dy + b[c]*x + k[c].
/// Per-channel scratch lives on the stack for C &lt;= 1024 (no allocation per call).
/// </summary>
public static class BatchNorm2dNhwcSimd
{
    private const int W = Vec.Width;
    private const int StackChannels = 1024;
    private const int BlockFloats = 4096; // 16 KiB of one tensor per block

    public static void Forward(int n, int c, int hw, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> runningMean, Span<float> runningVar, Span<float> y, Span<float> saveMean, Span<float> saveInvstd, float eps, float momentum)
    {
        BatchNormChecks.Forward(n, c, hw, x, gamma, beta, runningMean, runningVar, y, saveMean, saveInvstd);
        Span<float> scratch = c <= StackChannels ? stackalloc float[4 * c] : new float[4 * c];
        scratch.Clear();
        Span<float> mean = scratch[..c], m2 = scratch.Slice(c, c), scale = scratch.Slice(2 * c, c), shift = scratch.Slice(3 * c, c);

        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        ref float mr = ref MemoryMarshal.GetReference(mean);
        ref float m2r = ref MemoryMarshal.GetReference(m2);
        nuint C = (nuint)c;
        int rows = n * hw;
        int block = Math.Max(1, BlockFloats / c);
        long seen = 0;
        for (int r0 = 0; r0 < rows; r0 += block)
        {
            int nb = Math.Min(block, rows - r0);
            float invNb = 1f / nb;
            float wMean = (float)nb / (seen + nb);           // Chan: mean += delta * nb / (seen + nb)
            float wM2 = (float)((double)seen * nb / (seen + nb)); //       M2 += M2_b + delta^2 * seen * nb / (seen + nb)
            ref float blk = ref Unsafe.Add(ref x0, (nuint)r0 * C);
            nuint ch = 0;
            for (; ch + W <= C; ch += W)
            {
                ref float col = ref Unsafe.Add(ref blk, ch);
                var s0 = Vector256<float>.Zero;
                var s1 = Vector256<float>.Zero;
                var s2 = Vector256<float>.Zero;
                var s3 = Vector256<float>.Zero;
                int r = 0;
                for (; r + 4 <= nb; r += 4)
                {
                    nuint o = (nuint)r * C;
                    s0 += Vector256.LoadUnsafe(ref col, o);
                    s1 += Vector256.LoadUnsafe(ref col, o + C);
                    s2 += Vector256.LoadUnsafe(ref col, o + 2 * C);
                    s3 += Vector256.LoadUnsafe(ref col, o + 3 * C);
                }
                for (; r < nb; r++)
                    s0 += Vector256.LoadUnsafe(ref col, (nuint)r * C);
                var bm = ((s0 + s1) + (s2 + s3)) * invNb;

                var q0 = Vector256<float>.Zero;
                var q1 = Vector256<float>.Zero;
                var q2 = Vector256<float>.Zero;
                var q3 = Vector256<float>.Zero;
                r = 0;
                for (; r + 4 <= nb; r += 4)
                {
                    nuint o = (nuint)r * C;
                    var d0 = Vector256.LoadUnsafe(ref col, o) - bm;
                    var d1 = Vector256.LoadUnsafe(ref col, o + C) - bm;
                    var d2 = Vector256.LoadUnsafe(ref col, o + 2 * C) - bm;
                    var d3 = Vector256.LoadUnsafe(ref col, o + 3 * C) - bm;
                    q0 = Vector256.FusedMultiplyAdd(d0, d0, q0);
                    q1 = Vector256.FusedMultiplyAdd(d1, d1, q1);
                    q2 = Vector256.FusedMultiplyAdd(d2, d2, q2);
                    q3 = Vector256.FusedMultiplyAdd(d3, d3, q3);
                }
                for (; r < nb; r++)
                {
                    var d0 = Vector256.LoadUnsafe(ref col, (nuint)r * C) - bm;
                    q0 = Vector256.FusedMultiplyAdd(d0, d0, q0);
                }
                var bm2 = (q0 + q1) + (q2 + q3);

                var old = Vector256.LoadUnsafe(ref mr, ch);
                var delta = bm - old;
                Vector256.FusedMultiplyAdd(delta, Vector256.Create(wMean), old).StoreUnsafe(ref mr, ch);
                (Vector256.LoadUnsafe(ref m2r, ch) + bm2 + delta * delta * Vector256.Create(wM2)).StoreUnsafe(ref m2r, ch);
            }
            for (; ch < C; ch++)
            {
                ref float col = ref Unsafe.Add(ref blk, ch);
                float s = 0;
                for (int r = 0; r < nb; r++)
                    s += Unsafe.Add(ref col, (nuint)r * C);
                float bm = s * invNb, q = 0;
                for (int r = 0; r < nb; r++)
                {
                    float d = Unsafe.Add(ref col, (nuint)r * C) - bm;
                    q = MathF.FusedMultiplyAdd(d, d, q);
                }
                float delta = bm - Unsafe.Add(ref mr, ch);
                Unsafe.Add(ref mr, ch) += delta * wMean;
                Unsafe.Add(ref m2r, ch) += q + delta * delta * wM2;
            }
            seen += nb;
        }

        for (int ch = 0; ch < c; ch++)
        {
            float invstd = 1f / MathF.Sqrt(m2[ch] / rows + eps);
            saveMean[ch] = mean[ch];
            saveInvstd[ch] = invstd;
            runningMean[ch] = (1 - momentum) * runningMean[ch] + momentum * mean[ch];
            runningVar[ch] = (1 - momentum) * runningVar[ch] + momentum * (m2[ch] / (rows - 1));
            scale[ch] = gamma[ch] * invstd;
            shift[ch] = beta[ch] - mean[ch] * scale[ch];
        }

        ref float sc = ref MemoryMarshal.GetReference(scale);
        ref float sh = ref MemoryMarshal.GetReference(shift);
        for (int r = 0; r < rows; r++)
        {
            ref float xr = ref Unsafe.Add(ref x0, (nuint)r * C);
            ref float yr = ref Unsafe.Add(ref y0, (nuint)r * C);
            nuint ch = 0;
            for (; ch + W <= C; ch += W)
            {
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, ch), Vector256.LoadUnsafe(ref sc, ch), Vector256.LoadUnsafe(ref sh, ch))
                    .StoreUnsafe(ref yr, ch);
            }
            for (; ch < C; ch++)
                Unsafe.Add(ref yr, ch) = MathF.FusedMultiplyAdd(Unsafe.Add(ref xr, ch), Unsafe.Add(ref sc, ch), Unsafe.Add(ref sh, ch));
        }
    }

    public static void Backward(int n, int c, int hw, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> saveMean, ReadOnlySpan<float> saveInvstd, Span<float> dx, Span<float> dgamma, Span<float> dbeta)
    {
        BatchNormChecks.Backward(n, c, hw, dy, x, gamma, saveMean, saveInvstd, dx, dgamma, dbeta);
        Span<float> scratch = c <= StackChannels ? stackalloc float[3 * c] : new float[3 * c];
        scratch.Clear();
        Span<float> sumDy = scratch[..c], sumDyXmu = scratch.Slice(c, c), a = scratch.Slice(2 * c, c);

        ref float dy0 = ref MemoryMarshal.GetReference(dy);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float dx0 = ref MemoryMarshal.GetReference(dx);
        ref float mr = ref MemoryMarshal.GetReference(saveMean);
        ref float sdy = ref MemoryMarshal.GetReference(sumDy);
        ref float sdx = ref MemoryMarshal.GetReference(sumDyXmu);
        nuint C = (nuint)c;
        int rows = n * hw;
        int block = Math.Max(1, BlockFloats / c);

        // Sweep 1 (fused): per 8-channel column of a block, sum(dy) and sum(dy * (x - mean)), 2 row accumulators each.
        for (int r0 = 0; r0 < rows; r0 += block)
        {
            int nb = Math.Min(block, rows - r0);
            ref float dyb = ref Unsafe.Add(ref dy0, (nuint)r0 * C);
            ref float xb = ref Unsafe.Add(ref x0, (nuint)r0 * C);
            nuint ch = 0;
            for (; ch + W <= C; ch += W)
            {
                ref float dyc = ref Unsafe.Add(ref dyb, ch);
                ref float xc = ref Unsafe.Add(ref xb, ch);
                var m = Vector256.LoadUnsafe(ref mr, ch);
                var s0 = Vector256<float>.Zero;
                var s1 = Vector256<float>.Zero;
                var t0 = Vector256<float>.Zero;
                var t1 = Vector256<float>.Zero;
                int r = 0;
                for (; r + 2 <= nb; r += 2)
                {
                    nuint o = (nuint)r * C;
                    var g0 = Vector256.LoadUnsafe(ref dyc, o);
                    var g1 = Vector256.LoadUnsafe(ref dyc, o + C);
                    s0 += g0;
                    s1 += g1;
                    t0 = Vector256.FusedMultiplyAdd(g0, Vector256.LoadUnsafe(ref xc, o) - m, t0);
                    t1 = Vector256.FusedMultiplyAdd(g1, Vector256.LoadUnsafe(ref xc, o + C) - m, t1);
                }
                if (r < nb)
                {
                    nuint o = (nuint)r * C;
                    var g0 = Vector256.LoadUnsafe(ref dyc, o);
                    s0 += g0;
                    t0 = Vector256.FusedMultiplyAdd(g0, Vector256.LoadUnsafe(ref xc, o) - m, t0);
                }
                (Vector256.LoadUnsafe(ref sdy, ch) + (s0 + s1)).StoreUnsafe(ref sdy, ch);
                (Vector256.LoadUnsafe(ref sdx, ch) + (t0 + t1)).StoreUnsafe(ref sdx, ch);
            }
            for (; ch < C; ch++)
            {
                float m = Unsafe.Add(ref mr, ch), s = 0, t = 0;
                for (int r = 0; r < nb; r++)
                {
                    nuint o = (nuint)r * C + ch;
                    float g = Unsafe.Add(ref dyb, o);
                    s += g;
                    t = MathF.FusedMultiplyAdd(g, Unsafe.Add(ref xb, o) - m, t);
                }
                Unsafe.Add(ref sdy, ch) += s;
                Unsafe.Add(ref sdx, ch) += t;
            }
        }

        // Coefficients, in place: sumDy -> k, sumDyXmu -> b.
        float inv = 1f / rows;
        for (int ch = 0; ch < c; ch++)
        {
            float invstd = saveInvstd[ch];
            dbeta[ch] += sumDy[ch];
            dgamma[ch] += sumDyXmu[ch] * invstd;
            float ac = gamma[ch] * invstd;
            float bc = -ac * invstd * invstd * sumDyXmu[ch] * inv;
            a[ch] = ac;
            sumDyXmu[ch] = bc;
            sumDy[ch] = -ac * sumDy[ch] * inv - bc * saveMean[ch];
        }

        // Sweep 2: dx = a*dy + b*x + k, row by row.
        ref float av = ref MemoryMarshal.GetReference(a);
        ref float bv = ref sdx;
        ref float kv = ref sdy;
        for (int r = 0; r < rows; r++)
        {
            nuint o = (nuint)r * C;
            ref float dyr = ref Unsafe.Add(ref dy0, o);
            ref float xr = ref Unsafe.Add(ref x0, o);
            ref float dxr = ref Unsafe.Add(ref dx0, o);
            nuint ch = 0;
            for (; ch + W <= C; ch += W)
            {
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref dyr, ch), Vector256.LoadUnsafe(ref av, ch),
                    Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, ch), Vector256.LoadUnsafe(ref bv, ch), Vector256.LoadUnsafe(ref kv, ch)))
                    .StoreUnsafe(ref dxr, ch);
            }
            for (; ch < C; ch++)
            {
                Unsafe.Add(ref dxr, ch) = MathF.FusedMultiplyAdd(Unsafe.Add(ref dyr, ch), Unsafe.Add(ref av, ch),
                    MathF.FusedMultiplyAdd(Unsafe.Add(ref xr, ch), Unsafe.Add(ref bv, ch), Unsafe.Add(ref kv, ch)));
            }
        }
    }
}
