using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NormGen.Benchmarks.Baselines;

/// <summary>
/// The <c>Floor</c> rows of the training BatchNorm classes: the memory traffic their dependency structure forces on any
/// correct implementation, with no arithmetic beyond touching each byte. A statistic (the channel's mean and variance; in
/// the backward the channel's sums of dy and dy·x) covers the whole batch, so no output of a channel can be written before
/// every input of that channel has been read: each input is read once for the statistics, then read again and the output
/// written. The loops visit the data in the order that keeps that re-read closest: NCHW channel by channel (a channel is
/// n planes of h·w floats: 128 KB of x at 32x64x32x32, so its re-read can come from a core's L2), NHWC all at once (every
/// 64-byte line holds 16 channels and each channel's statistic spans every pixel, so the smallest set of whole lines
/// that completes a statistic is a quarter of x, 2 MB at 32x64x32x32: larger than a core's 1 MB L2 on the benchmark
/// machine). What the loops do not move: gamma, beta, the saved and running statistics and the parameter gradients
/// (C floats each, noise beside x).
/// </summary>
internal static class StatisticsFloor
{
    /// <summary>Forward: per group, a sum of x (the statistics' read), then x copied to y (the output's read and write).</summary>
    public static float Forward(ImageLayout layout, int n, int c, int hw, Span<float> x, Span<float> y)
    {
        var (groups, planes, length, stride) = Groups(layout, n, c, hw, x.Length);
        float sink = 0;
        for (int g = 0; g < groups; g++)
        {
            int start = g * length;
            for (int i = 0; i < planes; i++)
                sink += Vec.Sum(ref x[start + i * stride], (nuint)length);
            for (int i = 0; i < planes; i++)
                Vec.Copy(ref x[start + i * stride], ref y[start + i * stride], (nuint)length);
        }
        return sink;
    }

    /// <summary>Backward: per group, sums of dy and dy·x (the statistics' read of both), then dx = dy + x (their re-read and dx's write).</summary>
    public static float Backward(ImageLayout layout, int n, int c, int hw, Span<float> dy, Span<float> x, Span<float> dx)
    {
        var (groups, planes, length, stride) = Groups(layout, n, c, hw, x.Length);
        float sink = 0;
        for (int g = 0; g < groups; g++)
        {
            int start = g * length;
            for (int i = 0; i < planes; i++)
            {
                var (sum, dot) = Vec.SumAndDot(ref dy[start + i * stride], ref x[start + i * stride], (nuint)length);
                sink += sum + dot;
            }
            for (int i = 0; i < planes; i++)
                Add(ref dy[start + i * stride], ref x[start + i * stride], ref dx[start + i * stride], (nuint)length);
        }
        return sink;
    }

    /// <summary>
    /// The statistics groups: NCHW one per channel, <c>n</c> planes of <c>hw</c> floats <c>c·hw</c> apart (channel g's first
    /// plane at g·hw); NHWC one group, the whole tensor as one plane.
    /// </summary>
    private static (int Groups, int Planes, int Length, int Stride) Groups(ImageLayout layout, int n, int c, int hw, int elements)
        => layout == ImageLayout.Nchw ? (c, n, hw, c * hw) : (1, 1, elements, 0);

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
