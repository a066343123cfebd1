using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NormGen.Kernels;

namespace NormGen.Benchmarks.Baselines;

/// <summary>
/// A hand-written model of the generated float LayerNorm forward (Vector512, the same arithmetic in the same order:
/// one sweep of shifted sums u = s·x + K, Σu and Σu² in four lane accumulators, then y = (rstd·gamma)·(c + x) + beta),
/// in two schedules, to measure what row software-pipelining would buy before the generator does it
/// (docs/statistics.md, "Row software-pipelining"):
/// <list type="bullet">
/// <item><see cref="TwoSweep"/>: today's schedule. Per row the statistics sweep (reads x from memory), the scalar
/// statistics, then the output sweep (x from L1, y stored), with the runtime's next-row prefetch in the output sweep
/// for rows of at least <see cref="Prefetch.MinRowBytes"/>, as the generated kernel.</item>
/// <item><see cref="Pipelined"/>: a two-slot schedule. Row i's output sweep and row i+1's statistics sweep run in one
/// loop (block by block: four vectors of y_i, four vectors of x_{i+1} accumulated), so a memory read is in flight while
/// y_i is written; the first row's statistics sweep and the last row's output sweep run alone.</item>
/// </list>
/// Both give the generated kernel's y, mean and rstd bit for bit (each row's sums add in the same order; RowPipelineModelTests).
/// </summary>
public static class LayerNormRowPipeline
{
    // Full optimization from the first call, no tiering: as the generated kernels are compiled.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TwoSweep(int rows, int features, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> y, Span<float> mean, Span<float> rstd, float eps)
    {
        nint d = features;
        float scale = (float)Statistics.ShiftedSquareScale(d);
        ref float x0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        ref float y0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y);
        ref float g = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(gamma);
        ref float b = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(beta);
        for (int r = 0; r < rows; r++)
        {
            ref float xr = ref Unsafe.Add(ref x0, r * d);
            float shift = -(scale * xr);
            var sums = new Sums();
            nint j = Statistics4(ref xr, 0, d, scale, shift, ref sums);
            var (s3, s4) = sums.Finish(ref xr, j, d, scale, shift);
            var (rs, c) = Scalars(s3, s4, shift, scale, d, eps, out mean[r]);
            rstd[r] = rs;
            nint next = Prefetch.Distance<float>(d, r + 1 < rows);
            Output(ref xr, ref Unsafe.Add(ref y0, r * d), ref g, ref b, 0, d, rs, c, next);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pipelined(int rows, int features, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> y, Span<float> mean, Span<float> rstd, float eps)
    {
        nint d = features;
        float scale = (float)Statistics.ShiftedSquareScale(d);
        ref float x0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        ref float y0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y);
        ref float g = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(gamma);
        ref float b = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(beta);
        // Slot "next": the sums of the row after the one being written.
        float shift = -(scale * x0);
        var sums = new Sums();
        nint jn = Statistics4(ref x0, 0, d, scale, shift, ref sums);
        var (s3, s4) = sums.Finish(ref x0, jn, d, scale, shift);
        nint block = 4 * Vector512<float>.Count;
        for (int r = 0; r < rows; r++)
        {
            ref float xr = ref Unsafe.Add(ref x0, r * d);
            ref float yr = ref Unsafe.Add(ref y0, r * d);
            var (rs, c) = Scalars(s3, s4, shift, scale, d, eps, out mean[r]);
            rstd[r] = rs;
            if (r + 1 == rows)
            {
                Output(ref xr, ref yr, ref g, ref b, 0, d, rs, c, 0);
                break;
            }
            // One loop, two rows: y_r from x_r (in L1) and the sums of x_{r+1} (from memory). The accumulators are
            // locals (not Sums' fields) so that they stay in registers.
            ref float xn = ref Unsafe.Add(ref xr, d);
            shift = -(scale * xn);
            var vs = Vector512.Create(scale);
            var vk = Vector512.Create(shift);
            var vr = Vector512.Create(rs);
            var vc = Vector512.Create(c);
            Vector512<float> a3 = default, b3 = default, c3 = default, d3 = default, a4 = default, b4 = default, c4 = default, d4 = default;
            nint w = Vector512<float>.Count;
            nint j = 0;
            for (; j <= d - block; j += block)
            {
                var u0 = Vector512.FusedMultiplyAdd(vs, Vector512.LoadUnsafe(ref xn, (nuint)j), vk);
                OutputVector(ref xr, ref yr, ref g, ref b, j, vr, vc);
                a3 = Vector512.FusedMultiplyAdd(u0, u0, a3);
                a4 += u0;
                var u1 = Vector512.FusedMultiplyAdd(vs, Vector512.LoadUnsafe(ref xn, (nuint)(j + w)), vk);
                OutputVector(ref xr, ref yr, ref g, ref b, j + w, vr, vc);
                b3 = Vector512.FusedMultiplyAdd(u1, u1, b3);
                b4 += u1;
                var u2 = Vector512.FusedMultiplyAdd(vs, Vector512.LoadUnsafe(ref xn, (nuint)(j + 2 * w)), vk);
                OutputVector(ref xr, ref yr, ref g, ref b, j + 2 * w, vr, vc);
                c3 = Vector512.FusedMultiplyAdd(u2, u2, c3);
                c4 += u2;
                var u3 = Vector512.FusedMultiplyAdd(vs, Vector512.LoadUnsafe(ref xn, (nuint)(j + 3 * w)), vk);
                OutputVector(ref xr, ref yr, ref g, ref b, j + 3 * w, vr, vc);
                d3 = Vector512.FusedMultiplyAdd(u3, u3, d3);
                d4 += u3;
            }
            sums = new Sums { S3a = a3, S3b = b3, S3c = c3, S3d = d3, S4a = a4, S4b = b4, S4c = c4, S4d = d4 };
            (s3, s4) = sums.Finish(ref xn, j, d, scale, shift);
            Output(ref xr, ref yr, ref g, ref b, j, d, rs, c, 0);
        }
    }

    /// <summary>Diagnostic: <see cref="TwoSweep"/>'s statistics sweeps alone (x read once, mean and rstd written; no y).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void StatisticsOnly(int rows, int features, ReadOnlySpan<float> x, Span<float> mean, Span<float> rstd, float eps)
    {
        nint d = features;
        float scale = (float)Statistics.ShiftedSquareScale(d);
        ref float x0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        for (int r = 0; r < rows; r++)
        {
            ref float xr = ref Unsafe.Add(ref x0, r * d);
            float shift = -(scale * xr);
            var sums = new Sums();
            nint j = Statistics4(ref xr, 0, d, scale, shift, ref sums);
            var (s3, s4) = sums.Finish(ref xr, j, d, scale, shift);
            (rstd[r], _) = Scalars(s3, s4, shift, scale, d, eps, out mean[r]);
        }
    }

    /// <summary>Diagnostic: <see cref="TwoSweep"/>'s output sweeps alone, with x coming from memory (the statistics taken from <paramref name="mean"/> and <paramref name="rstd"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OutputOnly(int rows, int features, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> y, ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd)
    {
        nint d = features;
        ref float x0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        ref float y0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y);
        ref float g = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(gamma);
        ref float b = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(beta);
        for (int r = 0; r < rows; r++)
            Output(ref Unsafe.Add(ref x0, r * d), ref Unsafe.Add(ref y0, r * d), ref g, ref b, 0, d, rstd[r], -mean[r], Prefetch.Distance<float>(d, r + 1 < rows));
    }

    /// <summary>
    /// Diagnostic: <see cref="OutputOnly"/> without gamma and beta (y = rstd·(c + x)): whether the parameter rows' loads
    /// (2·d floats, 32 KB at d = 4096, next to a 16 KB row of x and one of y in a 48 KB L1) cost the output sweep its speed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OutputOnlyWithoutParameters(int rows, int features, ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd)
    {
        nint d = features;
        ref float x0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        ref float y0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y);
        for (int r = 0; r < rows; r++)
        {
            ref float xr = ref Unsafe.Add(ref x0, r * d);
            ref float yr = ref Unsafe.Add(ref y0, r * d);
            nint next = Prefetch.Distance<float>(d, r + 1 < rows);
            var vr = Vector512.Create(rstd[r]);
            var vc = Vector512.Create(-mean[r]);
            nint j = 0;
            for (; j <= d - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                Prefetch.Line(ref xr, j, next);
                (vr * (vc + Vector512.LoadUnsafe(ref xr, (nuint)j))).StoreUnsafe(ref yr, (nuint)j);
            }
            for (; j < d; j++)
                Unsafe.Add(ref yr, j) = rstd[r] * (Unsafe.Add(ref xr, j) - mean[r]);
        }
    }

    private struct Sums
    {
        public Vector512<float> S3a, S3b, S3c, S3d, S4a, S4b, S4c, S4d;

        /// <summary>The single-vector remainder, the horizontal sums and the scalar tail, from element <paramref name="j"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (float S3, float S4) Finish(ref float xr, nint j, nint d, float scale, float shift)
        {
            var vs = Vector512.Create(scale);
            var vk = Vector512.Create(shift);
            for (; j <= d - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                var u = Vector512.FusedMultiplyAdd(vs, Vector512.LoadUnsafe(ref xr, (nuint)j), vk);
                S3a = Vector512.FusedMultiplyAdd(u, u, S3a);
                S4a += u;
            }
            float s3 = Vector512.Sum((S3a + S3b) + (S3c + S3d));
            float s4 = Vector512.Sum((S4a + S4b) + (S4c + S4d));
            for (; j < d; j++)
            {
                float u = MathF.FusedMultiplyAdd(scale, Unsafe.Add(ref xr, j), shift);
                s3 = MathF.FusedMultiplyAdd(u, u, s3);
                s4 += u;
            }
            return (s3, s4);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint Statistics4(ref float xr, nint j, nint d, float scale, float shift, ref Sums sums)
    {
        var vs = Vector512.Create(scale);
        var vk = Vector512.Create(shift);
        Vector512<float> a3 = default, b3 = default, c3 = default, d3 = default, a4 = default, b4 = default, c4 = default, d4 = default;
        nint w = Vector512<float>.Count;
        for (; j <= d - 4 * w; j += 4 * w)
        {
            var u0 = Vector512.FusedMultiplyAdd(vs, Vector512.LoadUnsafe(ref xr, (nuint)j), vk);
            a3 = Vector512.FusedMultiplyAdd(u0, u0, a3);
            a4 += u0;
            var u1 = Vector512.FusedMultiplyAdd(vs, Vector512.LoadUnsafe(ref xr, (nuint)(j + w)), vk);
            b3 = Vector512.FusedMultiplyAdd(u1, u1, b3);
            b4 += u1;
            var u2 = Vector512.FusedMultiplyAdd(vs, Vector512.LoadUnsafe(ref xr, (nuint)(j + 2 * w)), vk);
            c3 = Vector512.FusedMultiplyAdd(u2, u2, c3);
            c4 += u2;
            var u3 = Vector512.FusedMultiplyAdd(vs, Vector512.LoadUnsafe(ref xr, (nuint)(j + 3 * w)), vk);
            d3 = Vector512.FusedMultiplyAdd(u3, u3, d3);
            d4 += u3;
        }
        sums = new Sums { S3a = a3, S3b = b3, S3c = c3, S3d = d3, S4a = a4, S4b = b4, S4c = c4, S4d = d4 };
        return j;
    }

    /// <summary>mean, rstd and the output's offset c = mean·(-1) as the generated kernel forms them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (float Rstd, float C) Scalars(float s3, float s4, float shift, float scale, nint d, float eps, out float mean)
    {
        float count = d;
        float m4 = s4 / count / scale;
        float k = shift / scale;
        mean = m4 - k;
        float variance = MathF.Max(s3 - s4 * (s4 / count), 0f) / count / scale / scale;
        return (1f / MathF.Sqrt(eps + variance), -m4 + k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputVector(ref float xr, ref float yr, ref float g, ref float b, nint j, Vector512<float> vr, Vector512<float> vc) =>
        Vector512.FusedMultiplyAdd(vr * Vector512.LoadUnsafe(ref g, (nuint)j), vc + Vector512.LoadUnsafe(ref xr, (nuint)j), Vector512.LoadUnsafe(ref b, (nuint)j))
            .StoreUnsafe(ref yr, (nuint)j);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Output(ref float xr, ref float yr, ref float g, ref float b, nint j, nint d, float rs, float c, nint next)
    {
        var vr = Vector512.Create(rs);
        var vc = Vector512.Create(c);
        for (; j <= d - Vector512<float>.Count; j += Vector512<float>.Count)
        {
            Prefetch.Line(ref xr, j, next);
            OutputVector(ref xr, ref yr, ref g, ref b, j, vr, vc);
        }
        for (; j < d; j++)
            Unsafe.Add(ref yr, j) = MathF.FusedMultiplyAdd(rs * Unsafe.Add(ref g, j), c + Unsafe.Add(ref xr, j), Unsafe.Add(ref b, j));
    }
}
