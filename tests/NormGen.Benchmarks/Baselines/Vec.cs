using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NormGen.Benchmarks.Baselines;

/// <summary>
/// Vector256 building blocks of the hand-written SIMD baselines: reductions with four independent
/// accumulators (to hide the add latency), each followed by its scalar tail.
/// </summary>
internal static class Vec
{
    public const int Width = 8; // Vector256<float>.Count

    /// <summary>Sum of p[0..n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(ref float p, nuint n)
    {
        var a0 = Vector256<float>.Zero;
        var a1 = Vector256<float>.Zero;
        var a2 = Vector256<float>.Zero;
        var a3 = Vector256<float>.Zero;
        nuint i = 0;
        for (; i + 4 * Width <= n; i += 4 * Width)
        {
            a0 += Vector256.LoadUnsafe(ref p, i);
            a1 += Vector256.LoadUnsafe(ref p, i + Width);
            a2 += Vector256.LoadUnsafe(ref p, i + 2 * Width);
            a3 += Vector256.LoadUnsafe(ref p, i + 3 * Width);
        }
        for (; i + Width <= n; i += Width)
            a0 += Vector256.LoadUnsafe(ref p, i);
        float s = Vector256.Sum((a0 + a1) + (a2 + a3));
        for (; i < n; i++)
            s += Unsafe.Add(ref p, i);
        return s;
    }

    /// <summary>Sum of (p[i] - mean)^2: the second pass of a two-pass variance over data still in cache.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SumSquaredDeviations(ref float p, nuint n, float mean)
    {
        var m = Vector256.Create(mean);
        var a0 = Vector256<float>.Zero;
        var a1 = Vector256<float>.Zero;
        var a2 = Vector256<float>.Zero;
        var a3 = Vector256<float>.Zero;
        nuint i = 0;
        for (; i + 4 * Width <= n; i += 4 * Width)
        {
            var d0 = Vector256.LoadUnsafe(ref p, i) - m;
            var d1 = Vector256.LoadUnsafe(ref p, i + Width) - m;
            var d2 = Vector256.LoadUnsafe(ref p, i + 2 * Width) - m;
            var d3 = Vector256.LoadUnsafe(ref p, i + 3 * Width) - m;
            a0 = Vector256.FusedMultiplyAdd(d0, d0, a0);
            a1 = Vector256.FusedMultiplyAdd(d1, d1, a1);
            a2 = Vector256.FusedMultiplyAdd(d2, d2, a2);
            a3 = Vector256.FusedMultiplyAdd(d3, d3, a3);
        }
        for (; i + Width <= n; i += Width)
        {
            var d = Vector256.LoadUnsafe(ref p, i) - m;
            a0 = Vector256.FusedMultiplyAdd(d, d, a0);
        }
        float s = Vector256.Sum((a0 + a1) + (a2 + a3));
        for (; i < n; i++)
        {
            float d = Unsafe.Add(ref p, i) - mean;
            s = MathF.FusedMultiplyAdd(d, d, s);
        }
        return s;
    }

    /// <summary>Sum of p[i]^2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SumOfSquares(ref float p, nuint n)
    {
        var a0 = Vector256<float>.Zero;
        var a1 = Vector256<float>.Zero;
        var a2 = Vector256<float>.Zero;
        var a3 = Vector256<float>.Zero;
        nuint i = 0;
        for (; i + 4 * Width <= n; i += 4 * Width)
        {
            var v0 = Vector256.LoadUnsafe(ref p, i);
            var v1 = Vector256.LoadUnsafe(ref p, i + Width);
            var v2 = Vector256.LoadUnsafe(ref p, i + 2 * Width);
            var v3 = Vector256.LoadUnsafe(ref p, i + 3 * Width);
            a0 = Vector256.FusedMultiplyAdd(v0, v0, a0);
            a1 = Vector256.FusedMultiplyAdd(v1, v1, a1);
            a2 = Vector256.FusedMultiplyAdd(v2, v2, a2);
            a3 = Vector256.FusedMultiplyAdd(v3, v3, a3);
        }
        for (; i + Width <= n; i += Width)
        {
            var v = Vector256.LoadUnsafe(ref p, i);
            a0 = Vector256.FusedMultiplyAdd(v, v, a0);
        }
        float s = Vector256.Sum((a0 + a1) + (a2 + a3));
        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref p, i);
            s = MathF.FusedMultiplyAdd(v, v, s);
        }
        return s;
    }

    /// <summary>
    /// One fused sweep over two streams: returns sum(a) and sum(a * b) (ATen's "db" and "ds").
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (float SumA, float SumAB) SumAndDot(ref float a, ref float b, nuint n)
    {
        var s0 = Vector256<float>.Zero;
        var s1 = Vector256<float>.Zero;
        var d0 = Vector256<float>.Zero;
        var d1 = Vector256<float>.Zero;
        nuint i = 0;
        for (; i + 2 * Width <= n; i += 2 * Width)
        {
            var a0 = Vector256.LoadUnsafe(ref a, i);
            var a1 = Vector256.LoadUnsafe(ref a, i + Width);
            s0 += a0;
            s1 += a1;
            d0 = Vector256.FusedMultiplyAdd(a0, Vector256.LoadUnsafe(ref b, i), d0);
            d1 = Vector256.FusedMultiplyAdd(a1, Vector256.LoadUnsafe(ref b, i + Width), d1);
        }
        for (; i + Width <= n; i += Width)
        {
            var a0 = Vector256.LoadUnsafe(ref a, i);
            s0 += a0;
            d0 = Vector256.FusedMultiplyAdd(a0, Vector256.LoadUnsafe(ref b, i), d0);
        }
        float s = Vector256.Sum(s0 + s1);
        float d = Vector256.Sum(d0 + d1);
        for (; i < n; i++)
        {
            float ai = Unsafe.Add(ref a, i);
            s += ai;
            d = MathF.FusedMultiplyAdd(ai, Unsafe.Add(ref b, i), d);
        }
        return (s, d);
    }

    /// <summary>
    /// One fused sweep over two streams: returns sum(a) and sum(a * (b - center)), e.g. sum(dy) and
    /// sum(dy * (x - mean)) of a batch-norm backward (centered, so no cancellation for a large mean).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (float SumA, float SumAB) SumAndCenteredDot(ref float a, ref float b, nuint n, float center)
    {
        var m = Vector256.Create(center);
        var s0 = Vector256<float>.Zero;
        var s1 = Vector256<float>.Zero;
        var d0 = Vector256<float>.Zero;
        var d1 = Vector256<float>.Zero;
        nuint i = 0;
        for (; i + 2 * Width <= n; i += 2 * Width)
        {
            var a0 = Vector256.LoadUnsafe(ref a, i);
            var a1 = Vector256.LoadUnsafe(ref a, i + Width);
            s0 += a0;
            s1 += a1;
            d0 = Vector256.FusedMultiplyAdd(a0, Vector256.LoadUnsafe(ref b, i) - m, d0);
            d1 = Vector256.FusedMultiplyAdd(a1, Vector256.LoadUnsafe(ref b, i + Width) - m, d1);
        }
        for (; i + Width <= n; i += Width)
        {
            var a0 = Vector256.LoadUnsafe(ref a, i);
            s0 += a0;
            d0 = Vector256.FusedMultiplyAdd(a0, Vector256.LoadUnsafe(ref b, i) - m, d0);
        }
        float s = Vector256.Sum(s0 + s1);
        float d = Vector256.Sum(d0 + d1);
        for (; i < n; i++)
        {
            float ai = Unsafe.Add(ref a, i);
            s += ai;
            d = MathF.FusedMultiplyAdd(ai, Unsafe.Add(ref b, i) - center, d);
        }
        return (s, d);
    }

    /// <summary>dst[i] = src[i] * scale + shift (one FMA per element).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ScaleShift(ref float src, ref float dst, nuint n, float scale, float shift)
    {
        var a = Vector256.Create(scale);
        var b = Vector256.Create(shift);
        nuint i = 0;
        for (; i + 4 * Width <= n; i += 4 * Width)
        {
            Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref src, i), a, b).StoreUnsafe(ref dst, i);
            Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref src, i + Width), a, b).StoreUnsafe(ref dst, i + Width);
            Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref src, i + 2 * Width), a, b).StoreUnsafe(ref dst, i + 2 * Width);
            Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref src, i + 3 * Width), a, b).StoreUnsafe(ref dst, i + 3 * Width);
        }
        for (; i + Width <= n; i += Width)
            Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref src, i), a, b).StoreUnsafe(ref dst, i);
        for (; i < n; i++)
            Unsafe.Add(ref dst, i) = MathF.FusedMultiplyAdd(Unsafe.Add(ref src, i), scale, shift);
    }

    /// <summary>dx[i] = dy[i] * a + (x[i] * b + c): the elementwise sweep of every normalization backward.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AffineBackward(ref float dy, ref float x, ref float dx, nuint n, float a, float b, float c)
    {
        var va = Vector256.Create(a);
        var vb = Vector256.Create(b);
        var vc = Vector256.Create(c);
        nuint i = 0;
        for (; i + 2 * Width <= n; i += 2 * Width)
        {
            var r0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref dy, i), va,
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, i), vb, vc));
            var r1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref dy, i + Width), va,
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, i + Width), vb, vc));
            r0.StoreUnsafe(ref dx, i);
            r1.StoreUnsafe(ref dx, i + Width);
        }
        for (; i + Width <= n; i += Width)
        {
            Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref dy, i), va,
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, i), vb, vc)).StoreUnsafe(ref dx, i);
        }
        for (; i < n; i++)
            Unsafe.Add(ref dx, i) = MathF.FusedMultiplyAdd(Unsafe.Add(ref dy, i), a, MathF.FusedMultiplyAdd(Unsafe.Add(ref x, i), b, c));
    }

    /// <summary>
    /// The bandwidth floor: copies n floats with ordinary 256-bit loads and stores (the kind the kernels
    /// use, so write-allocate traffic is the same; no non-temporal stores).
    /// </summary>
    public static void Copy(ref float src, ref float dst, nuint n)
    {
        nuint i = 0;
        for (; i + 4 * Width <= n; i += 4 * Width)
        {
            var v0 = Vector256.LoadUnsafe(ref src, i);
            var v1 = Vector256.LoadUnsafe(ref src, i + Width);
            var v2 = Vector256.LoadUnsafe(ref src, i + 2 * Width);
            var v3 = Vector256.LoadUnsafe(ref src, i + 3 * Width);
            v0.StoreUnsafe(ref dst, i);
            v1.StoreUnsafe(ref dst, i + Width);
            v2.StoreUnsafe(ref dst, i + 2 * Width);
            v3.StoreUnsafe(ref dst, i + 3 * Width);
        }
        for (; i + Width <= n; i += Width)
            Vector256.LoadUnsafe(ref src, i).StoreUnsafe(ref dst, i);
        for (; i < n; i++)
            Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i);
    }
}
