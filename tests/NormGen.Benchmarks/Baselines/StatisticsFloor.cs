using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NormGen.Benchmarks.Baselines;

/// <summary>
/// The <c>Floor</c> rows of the training BatchNorm classes: the memory traffic their dependency structure forces on any
/// correct implementation, with no arithmetic beyond touching each byte. A statistic (the channel's mean and variance; in
/// the backward the channel's sums of dy and dy·x) covers the whole batch, so no output of a channel can be written before
/// every input of that channel has been read: each input is read once for the statistics, then read again and the output
/// written. The loops keep that re-read as close as it can be. NCHW goes channel by channel: a channel is n planes of h·w
/// floats (128 KB of x at 32x64x32x32) and fits a core's L2 (1 MB on the benchmark machine), but its planes lie c·h·w
/// floats (256 KB) apart and so fall into the same cache sets, where only a few fit; so the first read also stages the
/// channel in a contiguous buffer (in cache, reused for every channel: no memory traffic) and the second reads it from
/// there, as a kernel could. NHWC goes over the whole tensor: every 64-byte line holds 16 channels and each channel's
/// statistic spans every pixel, so the smallest set of whole lines that completes a statistic is a quarter of x, 2 MB at
/// 32x64x32x32, beyond L2. What the loops do not move: gamma, beta, the saved and running statistics and the parameter
/// gradients (C floats each, noise beside x).
/// </summary>
internal static class StatisticsFloor
{
    /// <summary>Floats of the staging buffer <see cref="Forward"/> (inputs = 1) or <see cref="Backward"/> (inputs = 2) needs.</summary>
    public static long StageLength(int n, int hw, int inputs) => (long)inputs * n * hw;

    /// <summary>Forward: per group, a sum of x (the statistics' read), then x copied to y (the output's read and write).</summary>
    public static float Forward(ImageLayout layout, int n, int c, int hw, Span<float> x, Span<float> y, Span<float> stage)
    {
        float sink = 0;
        if (layout == ImageLayout.Nhwc)
        {
            sink += Vec.Sum(ref x[0], (nuint)x.Length);
            Vec.Copy(ref x[0], ref y[0], (nuint)x.Length);
            return sink;
        }
        for (int channel = 0; channel < c; channel++)
        {
            for (int i = 0; i < n; i++)
            {
                int plane = (i * c + channel) * hw;
                sink += Vec.Sum(ref x[plane], (nuint)hw);
                Vec.Copy(ref x[plane], ref stage[i * hw], (nuint)hw);
            }
            for (int i = 0; i < n; i++)
                Vec.Copy(ref stage[i * hw], ref y[(i * c + channel) * hw], (nuint)hw);
        }
        return sink;
    }

    /// <summary>Backward: per group, sums of dy and dy·x (the statistics' read of both), then dx = dy + x (their re-read and dx's write).</summary>
    public static float Backward(ImageLayout layout, int n, int c, int hw, Span<float> dy, Span<float> x, Span<float> dx, Span<float> stage)
    {
        float sink = 0;
        if (layout == ImageLayout.Nhwc)
        {
            var (sum, dot) = Vec.SumAndDot(ref dy[0], ref x[0], (nuint)x.Length);
            Add(ref dy[0], ref x[0], ref dx[0], (nuint)x.Length);
            return sink + sum + dot;
        }
        int half = n * hw; // staged dy, then staged x
        for (int channel = 0; channel < c; channel++)
        {
            for (int i = 0; i < n; i++)
            {
                int plane = (i * c + channel) * hw;
                var (sum, dot) = Vec.SumAndDot(ref dy[plane], ref x[plane], (nuint)hw);
                sink += sum + dot;
                Vec.Copy(ref dy[plane], ref stage[i * hw], (nuint)hw);
                Vec.Copy(ref x[plane], ref stage[half + i * hw], (nuint)hw);
            }
            for (int i = 0; i < n; i++)
                Add(ref stage[i * hw], ref stage[half + i * hw], ref dx[(i * c + channel) * hw], (nuint)hw);
        }
        return sink;
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
