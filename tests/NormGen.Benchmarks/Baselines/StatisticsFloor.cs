using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NormGen.Benchmarks.Baselines;

/// <summary>
/// The <c>Floor</c> rows of the training BatchNorm classes: the memory traffic their dependency structure forces on any
/// correct implementation, with no arithmetic beyond touching each byte. A statistic (the channel's mean and variance; in
/// the backward the channel's sums of dy and dy·x) covers the whole batch, so no output of a channel can be written before
/// every input of that channel has been read: each input is read once for the statistics (a sum), then read again and the
/// output written (a copy; backward dx = dy + x), over the whole tensor, into a buffer of its own. Whether the re-read
/// comes from memory or from the last-level cache is for the measurement to say (x is 8.4 MB at 32x64x32x32; the benchmark
/// machine's L3 is 32 MB, shared with other tenants). Whole-tensor order was the fastest plain order measured: channel by
/// channel (NCHW, 128 KB a channel, in 4 KB planes 256 KB apart, staged contiguously for the re-read) ran at 37-43% of copy
/// against 76-97% whole (interleaved, load ~50, 2026-11-30): each 4 KB plane restarts the hardware prefetcher. Not moved:
/// gamma, beta, the saved and running statistics and the parameter gradients (C floats each, noise beside x).
/// </summary>
internal static class StatisticsFloor
{
    /// <summary>Forward: a sum of x (the statistics' read), then x copied to y (the output's read and write).</summary>
    public static float Forward(Span<float> x, Span<float> y)
    {
        float sink = Vec.Sum(ref x[0], (nuint)x.Length);
        Vec.Copy(ref x[0], ref y[0], (nuint)x.Length);
        return sink;
    }

    /// <summary>Backward: sums of dy and dy·x (the statistics' read of both), then dx = dy + x (their re-read and dx's write).</summary>
    public static float Backward(Span<float> dy, Span<float> x, Span<float> dx)
    {
        var (sum, dot) = Vec.SumAndDot(ref dy[0], ref x[0], (nuint)x.Length);
        Add(ref dy[0], ref x[0], ref dx[0], (nuint)x.Length);
        return sum + dot;
    }

    /// <summary>dst = a + b: two streams read, one written.</summary>
    private static void Add(ref float a, ref float b, ref float dst, nuint n)
    {
        nuint i = 0;
        for (; i + 2 * Vec.Width <= n; i += 2 * Vec.Width)
        {
            (Vector256.LoadUnsafe(ref a, i) + Vector256.LoadUnsafe(ref b, i)).StoreUnsafe(ref dst, i);
            (Vector256.LoadUnsafe(ref a, i + Vec.Width) + Vector256.LoadUnsafe(ref b, i + Vec.Width)).StoreUnsafe(ref dst, i + Vec.Width);
        }
        for (; i + Vec.Width <= n; i += Vec.Width)
            (Vector256.LoadUnsafe(ref a, i) + Vector256.LoadUnsafe(ref b, i)).StoreUnsafe(ref dst, i);
        for (; i < n; i++)
            Unsafe.Add(ref dst, i) = Unsafe.Add(ref a, i) + Unsafe.Add(ref b, i);
    }
}
